package sandbox_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/soukhq/souk/sandbox"
)

// A host runs a mini-program's render handler in a worker process. In souk
// the zero PoolConfig re-executes the souk binary ("souk sandbox-worker");
// this example's test binary plays the worker instead.
func ExamplePool_Run() {
	exe, _ := os.Executable()
	pool, err := sandbox.NewPool(sandbox.PoolConfig{Size: 1, Command: []string{exe}})
	if err != nil {
		panic(err)
	}
	defer pool.Close()

	app := `var __soukApp = { async render(page, params, ctx) {
		const stock = await souk.call("catalog.stock", { id: params.id });
		console.log("rendering", page);
		return { type: "text", text: params.id + ": " + stock + " left for " + ctx.installation };
	} };`
	// The host answers souk.call; it is bound to the event's installation.
	host := sandbox.HostFunc(func(ctx context.Context, name string, args json.RawMessage) (json.RawMessage, error) {
		if name != "catalog.stock" {
			return nil, &sandbox.HostError{Code: "permission_denied", Message: "not granted: " + name}
		}
		return json.RawMessage(`7`), nil
	})
	res, err := pool.Run(context.Background(), sandbox.Job{
		AppID: "tea-shop", Version: "1.2.0", InstallationID: "inst-1",
		Script: []byte(app), Handler: "render",
		Args: []json.RawMessage{[]byte(`"product"`), []byte(`{"id":"p1"}`), []byte(`{"installation":"inst-1"}`)},
	}, host)
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Receipt.Outcome, res.Receipt.HostCalls)
	fmt.Println(string(res.Value))
	fmt.Println(res.Logs[0].Message)
	// Output:
	// ok 1
	// {"type":"text","text":"p1: 7 left for inst-1"}
	// rendering product
}
