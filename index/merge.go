package index

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// mergePersistWait bounds the wait for scorch to persist a merged index.
const mergePersistWait = 2 * time.Minute

// mergeSegments merges every segment of a generation into one, and waits
// until scorch has persisted the merged snapshot; failed returns an error
// scorch has reported from its goroutines, which ends the wait.
func mergeSegments(ctx context.Context, b bleve.Index, failed func() error) error {
	adv, err := b.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	stat := func(name string) uint64 {
		v, _ := s.StatsMap()[name].(uint64)
		return v
	}
	segments := func() uint64 { return stat("TotFileSegmentsAtRoot") + stat("TotMemorySegmentsAtRoot") }
	// Indexing leaves a large heap behind: hand it back before the merge
	// maps every segment, so that the two do not add up to a higher peak.
	debug.FreeOSMemory()
	opts := mergeplan.SingleSegmentMergePlanOptions
	opts.SegmentsPerMergeTask = 1 << 10 // one merge of all, not rounds of ten
	for round := 0; segments() > 1; round++ {
		if round == 3 {
			return fmt.Errorf("%d segments left after %d merges", segments(), round)
		}
		// ForceMerge does not return a failed merge's error (scorch
		// reports it asynchronously, and the segment count above tells),
		// nor does it return at all after one: scorch retries the merge
		// until the index is closed, which a full disk makes for ever. So
		// it runs aside, and a reported error ends the wait; closing the
		// index then ends ForceMerge.
		merged := make(chan error, 1)
		go func() { merged <- s.ForceMerge(ctx, &opts) }()
		if err := awaitMerge(ctx, merged, failed); err != nil {
			return err
		}
	}
	// Wait for the persister to record the merged snapshot. (It removes
	// the files the merge replaced only when nothing still maps them, which
	// may be never before Close: finishGeneration removes what is left.)
	deadline := time.Now().Add(mergePersistWait)
	for stat("LastPersistedEpoch") < stat("CurRootEpoch") {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := failed(); err != nil {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the merged index was not persisted within %v", mergePersistWait)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return nil
}

// awaitMerge waits for a force merge to end, for ctx, or for scorch to
// report an error.
func awaitMerge(ctx context.Context, merged <-chan error, failed func() error) error {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-merged:
			if err == nil {
				err = failed()
			}
			return err
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
			if err := failed(); err != nil {
				return err
			}
		}
	}
}
