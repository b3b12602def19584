// Command serve serves a built site on localhost as a good static host
// would (see internal/static): precompressed brotli and gzip negotiated,
// application/wasm, content-hashed assets cached for good and the rest
// revalidated by ETag, no directory listings, and the page's security
// headers. `make serve` builds dist/ (cmd/dist) and serves it; serving
// site/ directly (`make serve-site`) gives the unbundled development page
// under the same rules, revalidated on every load.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/rtcprice/rtcprice/internal/static"
)

func main() {
	dir := flag.String("dir", "dist", "directory to serve")
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Parse()

	if _, err := os.Stat(*dir); err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("rtcprice: serving %s at http://%s/\n", *dir, ln.Addr())
	srv := &http.Server{
		Handler:           static.New(*dir),
		ReadHeaderTimeout: 10 * time.Second,
	}
	log.Fatal(srv.Serve(ln))
}
