package index

import (
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
	scorchsegment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"
)

// segmentType names the segment format of every generation: zap version
// 17, written and merged by safeZap. Scorch records it in each index and
// finds the plugin by it, so it must never change meaning.
const segmentType = "zhsearch-zap"

func init() { scorch.RegisterSegmentPlugin(&safeZap{}, false) }

// ZapChunkMode is the chunk mode of every segment zhsearch writes (zap's
// default, which zap.New and its merges use, and the part writer too): the
// one whose chunk size ZapChunkSize computes.
const ZapChunkMode = 1026

// ZapChunkSize is how many documents a chunk of a postings list of card
// documents covers in a segment of numDocs documents, in ZapChunkMode
// (zap's getChunkSize): 0 where zap would refuse the list.
func ZapChunkSize(card, numDocs uint64) uint64 { return numDocs / (card/1024 + 1) }

// safeZap is zapx's version 17 plugin with a panic in a merge returned as
// an error. After a failed write (a full disk), scorch can go on merging
// segments it has already closed, and zap panics on them in one of
// scorch's own goroutines, where nothing else could recover it. The files
// are zap's own; only the name differs, so that no other user of scorch in
// the process is affected.
type safeZap struct{ zap.ZapPlugin }

func (*safeZap) Type() string { return segmentType }

func (p *safeZap) Merge(segments []scorchsegment.Segment, drops []*roaring.Bitmap, path string,
	closeCh chan struct{}, s scorchsegment.StatsReporter) (newDocNums [][]uint64, n uint64, err error) {
	defer recoverMerge(path, &err)
	return p.ZapPlugin.Merge(zapSegments(segments), drops, path, closeCh, s)
}

func (p *safeZap) MergeUsing(segments []scorchsegment.Segment, drops []*roaring.Bitmap, path string,
	closeCh chan struct{}, s scorchsegment.StatsReporter, config map[string]interface{}) (newDocNums [][]uint64, n uint64, err error) {
	defer recoverMerge(path, &err)
	return p.ZapPlugin.MergeUsing(zapSegments(segments), drops, path, closeCh, s, config)
}

// NewUsing is how scorch makes the in-memory segment of a batch. When the
// batch fails to persist (a full disk), scorch's Batch closes that segment
// although it is already in the index's snapshot, where scorch's persister
// may be merging it in a goroutine of its own: a data race on the caches
// zap's Close drops. The Close of an in-memory segment frees nothing else
// (its bytes are Go memory), so the segment is returned as a batchSegment,
// whose Close does nothing.
func (p *safeZap) NewUsing(results []bleveindex.Document, config map[string]interface{}) (scorchsegment.Segment, uint64, error) {
	s, n, err := p.ZapPlugin.NewUsing(results, config)
	if sb, ok := s.(*zap.SegmentBase); ok {
		return batchSegment{sb}, n, err
	}
	return s, n, err
}

// batchSegment is an in-memory segment of scorch's whose Close does
// nothing (see NewUsing).
type batchSegment struct{ *zap.SegmentBase }

func (batchSegment) Close() error { return nil }

// zapSegments returns segments with each batchSegment replaced by the zap
// segment it holds, which is what zap's merge takes.
func zapSegments(segments []scorchsegment.Segment) []scorchsegment.Segment {
	out := make([]scorchsegment.Segment, len(segments))
	for i, s := range segments {
		if b, ok := s.(batchSegment); ok {
			s = b.SegmentBase
		}
		out[i] = s
	}
	return out
}

func recoverMerge(path string, err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("merging into %s failed: %v", path, r)
	}
}

// segmentConfig makes scorch write segments with safeZap.
func segmentConfig(config map[string]interface{}) map[string]interface{} {
	config["forceSegmentType"] = segmentType
	config["forceSegmentVersion"] = int(zap.Version)
	return config
}
