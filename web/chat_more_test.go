package web_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// writePNG writes a small PNG and returns its path.
func writePNG(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for x := 8; x < 24; x++ {
		for y := 6; y < 18; y++ {
			img.Set(x, y, color.RGBA{R: 200, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "red-dot.png")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// waitJS waits until a script on the page answers true.
func waitJS(t *testing.T, b *webtest.Browser, js, what string) {
	t.Helper()
	for i := 0; i < 300; i++ {
		if webtest.Eval[bool](b, js) {
			return
		}
		sleep()
	}
	t.Fatalf("%s never happened on %s", what, b.Path())
}

// Photos, edits and read markers in a direct chat, then group settings, in
// two and three browsers: Ada's message shows "Read" once Bob's page has
// shown it; Ada edits it and Bob's page changes live, marked edited; Ada
// sends a photo with a description, which Bob's page shows live as an
// image with that alt text, loaded through the host; a file that is not an
// image is refused with a message. In a group Ada renames it, adds Cat by
// handle (a wrong handle finds nobody) and removes Bob, who can no longer
// open it; Cat leaves, and Ada's page says so live.
func TestChatPhotosEditsAndGroupsInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startServer(t, db)
		ada := w.user(t, shopper, "ada@example.com")
		bob := w.user(t, shopper, "bob@example.com")
		cat := w.user(t, shopper, "cat@example.com")
		for u, n := range map[string][2]string{ada.ID: {"ada", "Ada"}, bob.ID: {"bob", "Bob 鲍勃"}, cat.ID: {"cat", "Cat"}} {
			if err := w.ids.SetHandle(ctx, u, n[0]); err != nil {
				t.Fatal(err)
			}
			if err := w.ids.SetDisplayName(ctx, u, n[1]); err != nil {
				t.Fatal(err)
			}
		}
		dm, err := w.chat.CreateDirect(ctx, ada.ID, bob.ID)
		if err != nil {
			t.Fatal(err)
		}
		a, b := webtest.New(t, w.base), webtest.New(t, w.base)
		a.SignIn("ada@example.com", password, "/chats")
		b.SignIn("bob@example.com", password, "/chats")
		a.Open("/chats/" + dm.ID)
		b.Open("/chats/" + dm.ID)

		// Read marker: Bob's page shows the message, Ada's says it was read.
		a.Fill("Message", "Helo Bob")
		a.Click("button", "Send")
		waitText(t, b, "Helo Bob")
		waitJS(t, a, `Array.from(document.querySelectorAll("li.mine .msg-read")).some((e) => e.innerText === "Read")`, "Ada seeing Read")

		// Edit: Bob's page changes live.
		a.Click("link", "Edit")
		a.Find("heading", "Edit message")
		a.Axe()
		a.Fill("Your message", "Hello Bob, 你好")
		a.Submit("Save")
		waitText(t, a, "Hello Bob, 你好")
		waitText(t, b, "Hello Bob, 你好")
		waitJS(t, b, `document.querySelector("li[data-seq='1'] .msg-meta").innerText.includes("edited")`, "Bob seeing the edit mark")

		// A photo with its description, live on Bob's page.
		a.Upload("Photo", writePNG(t))
		a.Fill("Describe the photo (optional)", "A red square 红色方块")
		a.Submit("Send photo")
		a.WaitPath("/chats/" + dm.ID)
		imgJS := `Array.from(document.querySelectorAll("li[data-seq] img")).some((i) => i.alt === "A red square 红色方块" && i.complete && i.naturalWidth === 32)`
		waitJS(t, a, imgJS, "Ada seeing her photo")
		waitJS(t, b, imgJS, "Bob seeing the photo live")
		b.Axe()
		shots(t, b, "conversation-photo")

		// Not an image: refused on the page, nothing sent.
		notes := filepath.Join(t.TempDir(), "notes.txt")
		if err := os.WriteFile(notes, []byte("just text"), 0o600); err != nil {
			t.Fatal(err)
		}
		a.Upload("Photo", notes)
		a.Submit("Send photo")
		waitRole(t, a, "alert", "not a PNG, JPEG, GIF or WebP image")
		if n := len(seqs(t, a)); n != 2 {
			t.Fatalf("after a refused file the conversation has %d messages, want 2", n)
		}

		// Group settings.
		group, err := w.chat.CreateGroup(ctx, ada.ID, "Tea club", []string{bob.ID})
		if err != nil {
			t.Fatal(err)
		}
		a.Open("/chats/" + group.ID)
		a.Click("link", "Group settings")
		a.Find("heading", "Group settings")
		a.Fill("Group name", "茶会 Tea club")
		a.Submit("Rename")
		waitRole(t, a, "status", "The group was renamed.")
		a.Fill("Add a friend", "@ca")
		a.Submit("Add")
		waitRole(t, a, "alert", "Nobody has that handle")
		a.Fill("Add a friend", "@cat")
		a.Submit("Add")
		waitRole(t, a, "status", "Added to the group.")
		a.Submit("Remove Bob 鲍勃")
		waitRole(t, a, "status", "Removed from the group.")
		members := webtest.Eval[string](a, `document.querySelector(".member-list").innerText`)
		if !strings.Contains(members, "Cat") || strings.Contains(members, "Bob") || !strings.Contains(members, "owner") {
			t.Fatalf("members after the changes:\n%s", members)
		}
		shots(t, a, "group-settings")
		b.Open("/chats/" + group.ID)
		b.Find("heading", "This page does not exist")
		b.Open("/chats/" + group.ID + "/group")
		b.Find("heading", "This page does not exist")

		c := webtest.New(t, w.base)
		c.SignIn("cat@example.com", password, "/chats")
		c.Open("/chats/" + group.ID)
		c.Find("heading", "茶会 Tea club")
		waitText(t, c, "Ada renamed the group to “茶会 Tea club”.")
		waitText(t, c, "Ada added you.")
		if c.Has("textbox", "Group name") {
			t.Error("a plain member is offered the rename form")
		}
		a.Open("/chats")
		a.FindContaining("link", "You removed Bob 鲍勃.") // the list previews the sentence
		a.Open("/chats/" + group.ID)
		waitText(t, a, "You removed Bob 鲍勃.")
		c.Click("link", "Group settings")
		c.Submit("Leave the group")
		c.WaitPath("/chats")
		waitText(t, a, "Cat left the group.")
		if got := fmt.Sprint(webtest.Eval[int](a, `document.querySelectorAll("li[data-seq]").length`)); got != "5" {
			t.Errorf("the group shows %s messages, want 5 (created, renamed, added, removed, left)", got)
		}
	})
}
