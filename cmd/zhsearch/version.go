package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/pflag"

	"github.com/zhsearch/zhsearch/index"
)

// version, when set at link time (make dist: -X main.version=v1.2.0 from
// git describe), is shown in place of the module version, which a build
// in a checkout does not know beyond "(devel)" or a pseudo-version.
var version string

// runVersion prints what "go version -m" would tell of the binary, in
// short: the module version (a tag, or a pseudo-version made from the
// commit when built in a checkout), the commit and its time, the Go
// toolchain, and the index format this zhsearch reads and writes.
func runVersion(args []string, env *environment) int {
	fs := pflag.NewFlagSet("version", pflag.ContinueOnError)
	if done, code := parseFlags(fs, args, env, "version"); done {
		return code
	}
	if fs.NArg() > 0 {
		return env.errorf("version: unexpected argument %q", fs.Arg(0))
	}
	shown, commit := "(unknown)", ""
	if info, ok := debug.ReadBuildInfo(); ok {
		shown = info.Main.Version
		var rev, at, modified string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					modified = ", with uncommitted changes"
				}
			}
		}
		if rev != "" {
			commit = rev
			if at != "" {
				commit += " (" + at + modified + ")"
			}
		}
	}
	if version != "" {
		shown = version
	} else if shown == "" {
		shown = "(devel)"
	}
	fmt.Fprintf(env.stdout, "zhsearch %s\n", shown)
	if commit != "" {
		fmt.Fprintf(env.stdout, "commit  %s\n", commit)
	}
	fmt.Fprintf(env.stdout, "go      %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(env.stdout, "index   format %d\n", index.FormatVersion)
	return exitHits
}
