// Command build writes the bundled page client to web/site/assets/souk.js;
// it runs from web/site through `go generate ./web/site`.
package main

import (
	"log"
	"os"

	"github.com/soukhq/souk/web/client"
)

func main() {
	js, err := client.Bundle()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("assets/souk.js", js, 0o644); err != nil {
		log.Fatal(err)
	}
}
