package catalog

import (
	_ "embed" // the catalogs, as bytes
	"sync"

	"github.com/rtcprice/rtcprice/calc/fault"
)

// The published catalogs are embedded as bytes, one variable a file,
// rather than as an embed.FS: embed.FS's ReadDir returns fs.FileInfo,
// whose ModTime keeps all of package time in calc.wasm (about 130 KiB).
// TestEverySourceListed keeps the list in step with data/.

//go:embed data/agora-2021-cny.json
var agora2021CNY []byte

//go:embed data/trtc-2019-cny.json
var trtc2019CNY []byte

// sources are the files of data/, in the order of their ids (load checks
// it; TestEverySourceListed that none is missing).
var sources = []struct {
	name string
	data []byte
}{
	{"agora-2021-cny.json", agora2021CNY},
	{"trtc-2019-cny.json", trtc2019CNY},
}

var (
	loadOnce sync.Once
	embedded []*Catalog
	byID     map[string]*Catalog
	loadErr  *fault.Error
)

// load parses the embedded catalogs once. TestEmbeddedCatalogsLoad keeps
// them valid, so loadErr is never set in a released build.
func load() {
	byID = map[string]*Catalog{}
	for _, e := range sources {
		c, ferr := ParseJSON(e.data, "")
		if ferr != nil {
			loadErr = fault.Internal("embedded catalog %s: %v", e.name, ferr)
			return
		}
		if e.name != c.ID+".json" {
			loadErr = fault.Internal("embedded catalog %s has id %q", e.name, c.ID)
			return
		}
		if c.Custom {
			loadErr = fault.Internal("embedded catalog %s is marked custom", e.name)
			return
		}
		// Embedded lists them sorted by id: sources must be in that order
		// (rather than sorted here: sorting a []*Catalog, with package
		// sort or slices, puts it in an interface or a generic
		// dictionary, and the linker then keeps the Format methods of
		// every type it reaches, decimal's and math/big's among them).
		if n := len(embedded); n > 0 && embedded[n-1].ID >= c.ID {
			loadErr = fault.Internal("embedded catalog %s comes after %s: list sources by id", e.name, embedded[n-1].ID)
			return
		}
		embedded = append(embedded, c)
		byID[c.ID] = c
	}
}

// Embedded returns the published catalogs, sorted by id. They are shared:
// callers must not modify them.
func Embedded() ([]*Catalog, *fault.Error) {
	loadOnce.Do(load)
	return embedded, loadErr
}

// Lookup returns the embedded catalog with the given id.
func Lookup(id string) (*Catalog, bool, *fault.Error) {
	loadOnce.Do(load)
	if loadErr != nil {
		return nil, false, loadErr
	}
	c, ok := byID[id]
	return c, ok, nil
}
