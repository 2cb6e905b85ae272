package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/web"
)

func runServe(args []string, env *environment) int {
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	indexDirs := fs.StringArray("index", nil, indexFlagUsage)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on, host:port (port 0 picks a free one)")
	timeout := fs.Duration("timeout", 5*time.Second, "give up a search after this long")
	synonyms := fs.String("synonyms", "", "a file of your own synonyms, one group a line (安委会 = 安全生产委员会), added to the built-in list")
	if done, code := parseFlags(fs, args, env, "serve [--index DIR]... [--addr HOST:PORT]"); done {
		return code
	}
	if fs.NArg() > 0 {
		return env.errorf("serve: unexpected argument %q (the index is named with --index)", fs.Arg(0))
	}
	syn, err := loadSynonyms(*synonyms)
	if err != nil {
		return env.errorf("serve: %v", err)
	}
	if *timeout <= 0 {
		return env.errorf("serve: --timeout must be more than 0")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// openIndex finds the indexes (building the built-in one if needed)
	// and says what is wrong with them; the server then follows each
	// index's live generation, so that it moves on its own when `zhsearch
	// index` swaps in a new one, and keeps answering from the one it has
	// meanwhile.
	set, ok := openIndex(ctx, env, *indexDirs)
	if !ok {
		return exitFailure
	}
	var dirs []string
	for _, ix := range set.Members() {
		dirs = append(dirs, ix.Dir())
	}
	set.Close()
	var logMu sync.Mutex
	live, err := index.OpenLiveSet(dirs, index.OpenOptions{OnReloadError: func(err error) {
		logMu.Lock()
		defer logMu.Unlock()
		env.errorf("serve: %v (still answering from the generations it has)", err)
	}})
	if err != nil {
		env.errorf("serve: %v", err)
		var member *index.MemberError
		if errors.As(err, &member) {
			hintIndex(env, err, member.Dir)
		}
		return exitFailure
	}
	defer live.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return env.errorf("serve: %v", err)
	}
	srv := &http.Server{
		Handler:           web.NewHandler(live, web.Options{Timeout: *timeout, Synonyms: syn}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2**timeout + 30*time.Second, // a wait for a turn, then the search
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(env.stderr, "zhsearch: serve: ", 0),
	}
	quoted := make([]string, len(dirs))
	for i, d := range dirs {
		quoted[i] = shellQuote(d)
	}
	fmt.Fprintf(env.stderr, "zhsearch: serving %s at http://%s/ (Ctrl-C to stop)\n", strings.Join(quoted, " and "), ln.Addr())
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		fmt.Fprintln(env.stderr, "zhsearch: note: listening beyond this machine; anyone who can reach it can search the index")
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return env.errorf("serve: %v", err)
	case <-ctx.Done():
	}
	stop() // a second Ctrl-C kills at once
	fmt.Fprintln(env.stderr, "zhsearch: stopping")
	shutdown, cancel := context.WithTimeout(context.Background(), *timeout+time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return env.errorf("serve: stopping: %v", err)
	}
	return exitHits
}
