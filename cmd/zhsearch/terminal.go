package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"
	"golang.org/x/text/width"
)

// Text from indexed files (a copied web page, a file's name) reaches the
// terminal in every command's output. What a terminal would act on is never
// written as it is:
//
//   - C0 controls (ESC starts escape sequences that retitle the window,
//     clear the screen or rewrite the clipboard; BEL, BS, CR overwrite or
//     beep), DEL, and C1 controls (U+009B is a one-character CSI to some
//     terminals);
//   - the bidi embedding, override and isolate controls U+202A–U+202E and
//     U+2066–U+2069, which reorder what follows on the line ("Trojan
//     Source", CVE-2021-42574);
//   - bytes that are not UTF-8 (only file names can hold them).
//
// In text they are shown as Go escapes (\x1b, \u202e, \xff), dim when
// colouring, as "cat -v" and less show them visibly rather than dropping them:
// a reader should see that something odd is there. File names are quoted the
// way GNU ls quotes them on a terminal (shell-escape), so that a hit's path
// can be pasted into a shell. (ripgrep prints file text and names as they
// are, and its maintainer has declined to change that; ls and less are the
// models here.) Output for people is escaped in pipes too — it is read in a
// pager or a log as well — while --json, the exact form, is escaped only as
// jsonWriter does, which decodes to the same strings.

// unsafeRune reports whether r must not reach a terminal as it is.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// escapeRuns calls emit with the runs of s in order: plain text as it is, and
// each unsafe rune or invalid byte as its escape (esc true). keepLines keeps
// tab and newline as text, for paragraphs.
func escapeRuns(s string, keepLines bool, emit func(run string, esc bool)) {
	start := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch {
		case r == utf8.RuneError && n == 1:
			esc = fmt.Sprintf(`\x%02x`, s[i])
		case keepLines && (r == '\t' || r == '\n'):
		case unsafeRune(r):
			esc = escapeRune(r)
		}
		if esc == "" {
			i += n
			continue
		}
		if start < i {
			emit(s[start:i], false)
		}
		emit(esc, true)
		i += n
		start = i
	}
	if start < len(s) {
		emit(s[start:], false)
	}
}

func escapeRune(r rune) string {
	switch r {
	case '\a':
		return `\a`
	case '\b':
		return `\b`
	case '\f':
		return `\f`
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	case '\v':
		return `\v`
	}
	if r < 0x80 {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

// safe returns s with every unsafe rune escaped, for one-line output: a
// title, a heading, a keyword, an error message.
func safe(s string) string {
	if isSafe(s) {
		return s
	}
	var b strings.Builder
	escapeRuns(s, false, func(run string, _ bool) { b.WriteString(run) })
	return b.String()
}

func isSafe(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || unsafeRune(r) {
			return false
		}
	}
	return true
}

// shellQuote quotes a file name as GNU ls does on a terminal (its default
// "shell-escape" style): as it is when it holds only characters a shell
// takes literally; else in single quotes, or double quotes when it holds a
// single quote and nothing a double-quoted string would expand; with what
// cannot be shown written as $'...' escapes in octal, a newline as \n:
//
//	a b.txt     'a b.txt'
//	it's.txt    "it's.txt"
//	a<LF>b.txt  'a'$'\n''b.txt'
//	a<ESC>.txt  'a'$'\033''.txt'
//
// Pasted into a POSIX shell, the result names the file. Unlike ls, it also
// escapes the bidi controls, which glibc counts as printable, and quotes
// names with braces, which bash would expand (ls shows x{a,b} as it is).
//
// On Windows, where names hold no control characters, backslashes and
// colons are path syntax, and the shells are not POSIX ones, a name is put in
// double quotes when it holds a space or a character cmd.exe or PowerShell
// would act on.
func shellQuote(s string) string {
	if runtime.GOOS == "windows" {
		return windowsQuote(s)
	}
	if s == "" {
		return "''"
	}
	quote, escape, single, doubleSafe := false, false, false, true
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"), unsafeRune(r):
			escape = true
		case r == '\'':
			single = true
		case r >= utf8.RuneSelf, shellLiteral(r):
		case (r == '~' || r == '#') && i > 0:
		default:
			quote = true
			if strings.ContainsRune("$`\\\"!", r) {
				doubleSafe = false
			}
		}
	}
	switch {
	case !quote && !escape && !single:
		return s
	case single && !escape && doubleSafe:
		return `"` + s + `"`
	}
	// Runs of literal text in single quotes ('\'' for a quote inside), runs
	// of what cannot be shown in $'...'. Like ls, it starts with a quote
	// even when that makes an empty '' before a $'...'.
	var b strings.Builder
	b.WriteByte('\'')
	inEsc := false
	open := func(esc bool) {
		if esc == inEsc {
			return
		}
		b.WriteByte('\'')
		if esc {
			b.WriteString("$'")
		} else {
			b.WriteByte('\'')
		}
		inEsc = esc
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || unsafeRune(r) {
			open(true)
			switch r {
			case '\a', '\b', '\f', '\n', '\r', '\t', '\v':
				b.WriteString(escapeRune(r))
			default:
				for _, c := range []byte(s[i : i+n]) {
					fmt.Fprintf(&b, `\%03o`, c)
				}
			}
		} else {
			open(false)
			if r == '\'' {
				b.WriteString(`'\''`)
			} else {
				b.WriteString(s[i : i+n])
			}
		}
		i += n
	}
	b.WriteByte('\'')
	return b.String()
}

// shellLiteral reports whether an ASCII character stands for itself
// anywhere in a shell word.
func shellLiteral(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		strings.ContainsRune("%+,-./:@]_", r)
}

func windowsQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " &()[]{}^=;!'+,`~$@#%") {
		return safe(s)
	}
	return `"` + safe(s) + `"`
}

// isTerminal reports whether a standard stream is a terminal.
func isTerminal(stream any) bool {
	f, ok := stream.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// terminalWidth is the width in columns of the terminal w writes to, or 80
// when it is not a terminal or does not say.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	return 80
}

// runeWidth is the columns r takes on a terminal: East Asian wide and
// full-width characters take two.
func runeWidth(r rune) int {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// displayWidth is the terminal width of the first n runes of s.
func displayWidth(s string, n int) int {
	w := 0
	for _, r := range s {
		if n == 0 {
			break
		}
		n--
		w += runeWidth(r)
	}
	return w
}

// stringWidth is the terminal width of s.
func stringWidth(s string) int { return displayWidth(s, -1) }

// truncateWidth cuts s to at most cols columns, ending it with "…" when cut.
func truncateWidth(s string, cols int) string {
	if stringWidth(s) <= cols {
		return s
	}
	w := 0
	for i, r := range s {
		if w+runeWidth(r) > cols-1 {
			return s[:i] + "…"
		}
		w += runeWidth(r)
	}
	return s
}
