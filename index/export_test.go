package index

// WithMaxMerge returns opts with the parts merged into one segment of a
// fresh build bounded to n bytes, so that tests build indexes of several
// segments from little text.
func WithMaxMerge(opts UpdateOptions, n int64) UpdateOptions {
	opts.maxMerge = n
	return opts
}

// MergeGroups is mergeGroups on parts of the given sizes, returning the
// sizes of each group's parts.
func MergeGroups(sizes []int64, max int64) [][]int64 {
	var parts []partFile
	for _, s := range sizes {
		parts = append(parts, partFile{size: s})
	}
	var out [][]int64
	for _, g := range mergeGroups(parts, max) {
		var sizes []int64
		for _, p := range g {
			sizes = append(sizes, p.size)
		}
		out = append(out, sizes)
	}
	return out
}

// WordDF is the count the index keeps of the folded word w.
func (r *Rarity) WordDF(w string) uint32 { return r.DF(wordKey(w)) }

// Signature is a paragraph's MinHash signature.
type Signature = signature

// Sign returns the signature of a text, empty for one too short.
func Sign(text string) Signature { return sign(Shingles(text)) }

// Candidates reports whether two paragraphs, by their signatures, are a
// candidate pair of the near-duplicate search as every build before
// paragraphs were grouped found them: their signatures share a band and
// agree on minAgree minimums or more.
func Candidates(a, b Signature) bool {
	if a.empty() || b.empty() || a.agree(b) < minAgree {
		return false
	}
	for band := range sigBands {
		if a.band(band) == b.band(band) {
			return true
		}
	}
	return false
}

// StoredText is the form in which a paragraph's text is stored in its
// segment, after its marker byte (see storedtext.go).
func StoredText(text string) []byte { return encodeText(text)[1:] }

// ReleasePages is releasePages.
var ReleasePages = releasePages
