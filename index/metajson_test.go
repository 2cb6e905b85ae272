package index

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// realMeta is the meta.json of a build of testdata/speech.txt.
func realMeta(t testing.TB) []byte {
	raw, err := os.ReadFile("testdata/meta.json")
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestDecodeMetaReal: a meta.json as zhsearch writes it is read by
// fastMeta, as json.Unmarshal reads it, and so is one written from a Meta
// with every field set; one with a key a newer version adds goes to
// json.Unmarshal.
func TestDecodeMetaReal(t *testing.T) {
	full, err := json.MarshalIndent(Meta{
		Format: FormatVersion, Segmenter: "gse", Built: time.Date(2026, 12, 2, 5, 37, 46, 635314821, time.FixedZone("", 8*3600)),
		Documents: 3, Paragraphs: 40, Tokens: map[string]int{"t1": 10, "s1": 0},
		Files:         map[string]FileSum{"a.zap": {Size: 1 << 40, CRC: 1<<32 - 1, Ends: 7}, "b": {}},
		ExactProfiles: true,
	}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	real := realMeta(t)
	newer := strings.Replace(string(real), `"format": 13,`, `"format": 13, "later": {"a": [1, {"b": null}], "c": "d\u00e9\"\\/政策", "n": -1.5e+3, "t": [true, false]}, "more": [[], {}],`, 1)
	for name, raw := range map[string][]byte{"real": real, "every field": full, "newer": []byte(newer)} {
		t.Run(name, func(t *testing.T) {
			if _, fast := fastMeta(raw); fast == (name == "newer") {
				t.Errorf("read by fastMeta: %v", fast)
			}
			checkAsJSON(t, raw)
			got, _ := decodeMeta(raw)
			if got.Format == 0 || len(got.Files) == 0 || len(got.Tokens) == 0 || got.Built.IsZero() || !got.ExactProfiles {
				t.Errorf("fields lost: %+v", got)
			}
		})
	}
}

// TestDecodeMetaAsJSON: whatever meta.json holds, decodeMeta decodes it
// as json.Unmarshal does, refusing what it refuses; what fastMeta does not
// read (each input here) goes to json.Unmarshal.
func TestDecodeMetaAsJSON(t *testing.T) {
	for _, c := range []struct{ name, raw string }{
		{"empty", ``},
		{"unfinished", `{"format": 13`},
		{"an array", `[]`},
		{"more after the object", `{"format": 13} x`},
		{"a second object", `{"format": 13} {}`},
		{"a key twice", `{"format": 13, "format": 12}`},
		{"a key in another case", `{"Format": 13}`},
		{"a key json.Unmarshal folds", "{\"\u212aokens\": {\"t1\": 1}}"},
		{"a long s", "{\"files\": {\"a\": {\"\u017fize\": 1}}}"},
		{"a key a newer version adds", `{"format": 13, "later": {"a": [1, null]}}`},
		{"a string for a number", `{"format": "13"}`},
		{"a fraction", `{"documents": 1.5}`},
		{"an exponent", `{"documents": 1e3}`},
		{"a negative count", `{"paragraphs": -1}`},
		{"a negative size", `{"files": {"a": {"size": -1}}}`},
		{"a crc32c over 32 bits", `{"files": {"a": {"crc32c": 4294967296}}}`},
		{"a count over 63 bits", `{"tokens": {"t1": 9223372036854775808}}`},
		{"a number for a string", `{"segmenter": 1}`},
		{"a bad time", `{"built": "yesterday"}`},
		{"an escaped time", `{"built": "2026-12-02T05:37:46\u005a"}`},
		{"a number for a time", `{"built": 1}`},
		{"a string for a bool", `{"exact_profiles": "true"}`},
		{"an array for a map", `{"tokens": []}`},
		{"a map key twice", `{"tokens": {"a": 1, "a": 2}}`},
		{"a number for a file", `{"files": {"a": 1}}`},
		{"a leading zero", `{"documents": 01}`},
		{"null for a key", `{null: 1}`},
		{"a comma before the end", `{"format": 13,}`},
		{"a byte order mark", "\ufeff{}"},
		{"a control character in a string", "{\"segmenter\": \"a\tb\"}"},
		{"an escape in a kept string", `{"segmenter": "gse\u002dv1"}`},
		{"an escaped file name, as MarshalIndent writes a&b", `{"files": {"a\u0026b": {"size": 1}}}`},
		{"an escaped key", `{"form\u0061t": 13}`},
		{"invalid UTF-8 in a kept string", "{\"segmenter\": \"\xff\"}"},
		{"null", `null`},
		{"null fields", ` {"format": null, "segmenter": null, "built": null, "documents": null, "paragraphs": null, "tokens": null, "files": null, "exact_profiles": null} `},
		{"null in maps", `{"tokens": {"a": null}, "files": {"a": null, "b": {"size": null, "crc32c": null, "ends": null}}}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if m, ok := fastMeta([]byte(c.raw)); ok {
				t.Errorf("fastMeta reads %s as %+v", c.raw, m)
			}
			checkAsJSON(t, []byte(c.raw))
		})
	}
}

// checkAsJSON checks that decodeMeta decodes raw as json.Unmarshal does.
func checkAsJSON(t *testing.T, raw []byte) {
	t.Helper()
	got, err := decodeMeta(raw)
	var want Meta
	wantErr := json.Unmarshal(raw, &want)
	if (err == nil) != (wantErr == nil) || err == nil && !sameMeta(got, want) {
		t.Errorf("%q: decodeMeta gives %+v, %v; json.Unmarshal %+v, %v", raw, got, err, want, wantErr)
	}
}

// FuzzDecodeMeta: whatever fastMeta reads, json.Unmarshal reads the same;
// decodeMeta and decodeIndexMeta decode anything as json.Unmarshal does.
func FuzzDecodeMeta(f *testing.F) {
	f.Add(realMeta(f))
	f.Add([]byte(`{"format":13,"built":"2026-12-02T05:37:46+08:00","tokens":{"a":1},"files":{"b":{"size":2,"crc32c":3,"ends":4}},"exact_profiles":false}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"x":{"a":[0,-1.5E-3,"\"\u00e9\ud800",true,false,null]},"files":{}}`))
	f.Add([]byte(`{"FORMAT":1,"Files":{"a":{"SIZE":1}}}`))
	f.Add([]byte(`{"segmenter":"\u00e9\ud800","built":"2026-12-02T05:37:46Z"}`))
	f.Add([]byte(indexMetaJSON))
	f.Add([]byte(`{"storage":"scorch","index_type":"scorch","config":{"a":1}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		if got, ok := fastMeta(raw); ok {
			var want Meta
			if err := json.Unmarshal(raw, &want); err != nil || !sameMeta(got, want) {
				t.Fatalf("fastMeta reads %+v, json.Unmarshal %+v, %v", got, want, err)
			}
		}
		checkAsJSON(t, raw)
		got, err := decodeIndexMeta(raw)
		var want indexMeta
		wantErr := json.Unmarshal(raw, &want)
		if (err == nil) != (wantErr == nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("decodeIndexMeta gives %+v, %v; json.Unmarshal %+v, %v", got, err, want, wantErr)
		}
	})
}

// TestDecodeIndexMeta: index_meta.json decodes as json.Unmarshal decodes
// it, the one zhsearch writes without it.
func TestDecodeIndexMeta(t *testing.T) {
	for _, raw := range []string{
		indexMetaJSON,
		`{"storage":"scorch","index_type":"scorch","config":{"a":1.5,"b":[true,"c"]}}`,
		`{"storage":"","index_type":"scorch"}`,
		`{"Index_Type":"upside_down"}`,
		`{`,
	} {
		got, err := decodeIndexMeta([]byte(raw))
		var want indexMeta
		wantErr := json.Unmarshal([]byte(raw), &want)
		if (err == nil) != (wantErr == nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decodeIndexMeta gives %+v, %v; json.Unmarshal %+v, %v", raw, got, err, want, wantErr)
		}
	}
}

// sameMeta reports whether a and b are equal, their times as instants.
func sameMeta(a, b Meta) bool {
	if !a.Built.Equal(b.Built) {
		return false
	}
	a.Built, b.Built = time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

// TestDecodeMetaKnowsEveryField: a field added to Meta or FileSum must be
// read by fastMeta too, or every search would go through json.Unmarshal. Each field in turn is set, alone, and must come back.
func TestDecodeMetaKnowsEveryField(t *testing.T) {
	var setField func(t *testing.T, name string, f reflect.Value)
	setField = func(t *testing.T, name string, f reflect.Value) {
		switch {
		case f.Kind() == reflect.Int || f.Kind() == reflect.Int64:
			f.SetInt(7)
		case f.Kind() == reflect.Uint32:
			f.SetUint(7)
		case f.Kind() == reflect.String:
			f.SetString("x")
		case f.Kind() == reflect.Bool:
			f.SetBool(true)
		case f.Type() == reflect.TypeOf(time.Time{}):
			f.Set(reflect.ValueOf(time.Date(2026, 12, 2, 6, 0, 0, 0, time.UTC)))
		case f.Kind() == reflect.Map:
			m := reflect.MakeMap(f.Type())
			m.SetMapIndex(reflect.ValueOf("k"), reflect.New(f.Type().Elem()).Elem())
			f.Set(m)
		default:
			t.Fatalf("%s is a %s: teach decodeMeta and this test about it", name, f.Type())
		}
	}
	metaType := reflect.TypeOf(Meta{})
	for i := range metaType.NumField() {
		m := Meta{Tokens: map[string]int{}, Files: map[string]FileSum{}} // as zhsearch writes them: maps, not null
		name := metaType.Field(i).Name
		setField(t, name, reflect.ValueOf(&m).Elem().Field(i))
		checkDecodeMeta(t, name, m)
	}
	sumType := reflect.TypeOf(FileSum{})
	for i := range sumType.NumField() {
		var sum FileSum
		name := "FileSum." + sumType.Field(i).Name
		setField(t, name, reflect.ValueOf(&sum).Elem().Field(i))
		checkDecodeMeta(t, name, Meta{Tokens: map[string]int{}, Files: map[string]FileSum{"a": sum}})
	}
}

func checkDecodeMeta(t *testing.T, name string, m Meta) {
	t.Helper()
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := fastMeta(raw)
	if !ok || !sameMeta(got, m) {
		t.Errorf("%s: fastMeta(%s) = %+v, %v", name, raw, got, ok)
	}
}
