package web

import (
	"context"
	"errors"
	"time"
)

// A gate bounds the searches under way and the requests waiting to start
// one. A request that finds every slot taken waits its turn (in arrival
// order, as Go's channels wake waiters) for a bounded time; only when the
// queue is full, or the wait runs out, is it turned away. Waiting holds no
// index and no memory beyond the request itself.
type gate struct {
	slots chan struct{} // a token per search under way
	queue chan struct{} // a token per request waiting for a slot
	wait  time.Duration // longest wait for a slot
}

// Why a request got no slot.
var (
	errQueueFull = errors.New("queue full")
	errWaited    = errors.New("waited too long")
)

func newGate(slots, queue int, wait time.Duration) *gate {
	return &gate{slots: make(chan struct{}, slots), queue: make(chan struct{}, queue), wait: wait}
}

// enter waits for a slot and returns the function that frees it. It fails
// with errQueueFull at once when the queue is full, with errWaited after
// g.wait, and with ctx's error when the client goes away.
func (g *gate) enter(ctx context.Context) (func(), error) {
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	default:
	}
	select {
	case g.queue <- struct{}{}:
	default:
		return nil, errQueueFull
	}
	defer func() { <-g.queue }()
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	case <-t.C:
		return nil, errWaited
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (g *gate) leave() { <-g.slots }
