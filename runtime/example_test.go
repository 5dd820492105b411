package runtime_test

import (
	"encoding/json"
	"fmt"

	"github.com/soukhq/souk/runtime"
)

func ExampleValidateView() {
	raw := json.RawMessage(`{"type":"stack","children":[
		{"type":"text","text":"Tea","style":"title"},
		{"type":"button","label":"Buy","action":"buy","args":{"sku":"tea","qty":1}}]}`)
	view, err := runtime.ValidateView(raw, runtime.DefaultViewLimits())
	if err != nil {
		panic(err)
	}
	out, _ := json.Marshal(view) // normalized: what the host stores and renders
	fmt.Println(string(out))

	_, err = runtime.ValidateView(json.RawMessage(`{"type":"image","src":"javascript:alert(1)"}`), runtime.DefaultViewLimits())
	fmt.Println(runtime.ErrorCode(err))
	// Output:
	// {"type":"stack","children":[{"type":"text","text":"Tea","style":"title"},{"type":"button","label":"Buy","action":"buy","args":{"qty":1,"sku":"tea"}}]}
	// view_bad_url
}

func ExampleView_Apply() {
	limits := runtime.DefaultViewLimits()
	view, _ := runtime.ValidateView(json.RawMessage(`{"type":"stack","children":[{"type":"text","id":"cart","text":"Cart is empty"}]}`), limits)
	_, patch, _ := runtime.ValidateActionResult(json.RawMessage(`{"patch":[{"op":"replace","id":"cart","node":{"type":"text","id":"cart","text":"1 item"}}]}`), limits)
	next, err := view.Apply(patch, limits)
	if err != nil {
		panic(err)
	}
	fmt.Println(next.Find("cart").Text)
	// Output: 1 item
}
