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
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/zhsearch/zhsearch/web"
)

func runServe(args []string, env *environment) int {
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	indexDir := fs.String("index", "", "index directory (default: the built-in index of the reference speech)")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on, host:port (port 0 picks a free one)")
	timeout := fs.Duration("timeout", 5*time.Second, "give up a search after this long")
	if done, code := parseFlags(fs, args, env, "serve [--index DIR] [--addr HOST:PORT]"); done {
		return code
	}
	if fs.NArg() > 0 {
		return env.errorf("serve: unexpected argument %q (the index is named with --index)", fs.Arg(0))
	}
	if *timeout <= 0 {
		return env.errorf("serve: --timeout must be more than 0")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	ix, ok := openIndex(ctx, env, *indexDir)
	if !ok {
		return exitFailure
	}
	defer ix.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return env.errorf("serve: %v", err)
	}
	srv := &http.Server{
		Handler:           web.NewHandler(web.Fixed(ix), web.Options{Timeout: *timeout}), // TODO(lead): index.OpenLive
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2**timeout + 30*time.Second, // a wait for a turn, then the search
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(env.stderr, "zhsearch: serve: ", 0),
	}
	fmt.Fprintf(env.stderr, "zhsearch: serving %s at http://%s/ (Ctrl-C to stop)\n", ix.Dir(), ln.Addr())
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
