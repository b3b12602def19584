// Command serve serves a directory over HTTP on localhost for development.
// It sends .wasm files as application/wasm and disables caching so that a
// rebuilt calc.wasm is always picked up.
package main

import (
	"flag"
	"fmt"
	"log"
	"mime"
	"net"
	"net/http"
)

func main() {
	dir := flag.String("dir", "site", "directory to serve")
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Parse()

	if err := mime.AddExtensionType(".wasm", "application/wasm"); err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("rtcprice: serving %s at http://%s/\n", *dir, ln.Addr())
	files := http.FileServer(http.Dir(*dir))
	log.Fatal(http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})))
}
