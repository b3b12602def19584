package catalog

import (
	"embed"
	"sort"
	"sync"

	"github.com/rtcprice/rtcprice/calc/fault"
)

//go:embed data/*.json
var files embed.FS

var (
	loadOnce sync.Once
	embedded []*Catalog
	byID     map[string]*Catalog
	loadErr  *fault.Error
)

// load parses the embedded catalogs once. TestEmbeddedCatalogsLoad keeps
// them valid, so loadErr is never set in a released build.
func load() {
	entries, err := files.ReadDir("data")
	if err != nil {
		loadErr = fault.Internal("reading embedded catalogs: %v", err)
		return
	}
	byID = map[string]*Catalog{}
	for _, e := range entries {
		data, err := files.ReadFile("data/" + e.Name())
		if err != nil {
			loadErr = fault.Internal("reading %s: %v", e.Name(), err)
			return
		}
		c, ferr := ParseJSON(data, "")
		if ferr != nil {
			loadErr = fault.Internal("embedded catalog %s: %v", e.Name(), ferr)
			return
		}
		if e.Name() != c.ID+".json" {
			loadErr = fault.Internal("embedded catalog %s has id %q", e.Name(), c.ID)
			return
		}
		if c.Custom {
			loadErr = fault.Internal("embedded catalog %s is marked custom", e.Name())
			return
		}
		embedded = append(embedded, c)
		byID[c.ID] = c
	}
	sort.Slice(embedded, func(i, j int) bool { return embedded[i].ID < embedded[j].ID })
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
