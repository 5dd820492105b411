package chatbench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/fasthttp/websocket"
)

// peerServer is the textbook broadcast hub (gorilla's chat example): one
// writer goroutine and a buffered channel per socket, groups in memory,
// nothing stored. It frames messages like souk so clients do the same work.
type peerServer struct {
	mu     sync.Mutex
	groups map[int][]chan []byte
	seq    map[int]int64
	up     websocket.Upgrader
	conns  sync.WaitGroup
}

func (p *peerServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g, err := strconv.Atoi(r.URL.Query().Get("g"))
	if err != nil {
		http.Error(w, "g", http.StatusBadRequest)
		return
	}
	ws, err := p.up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	out := make(chan []byte, 1024)
	p.mu.Lock()
	p.groups[g] = append(p.groups[g], out)
	p.mu.Unlock()
	p.conns.Add(1)
	go func() { // reader: only to notice the close
		defer p.conns.Done()
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				p.mu.Lock()
				for i, c := range p.groups[g] {
					if c == out {
						p.groups[g] = append(p.groups[g][:i], p.groups[g][i+1:]...)
						break
					}
				}
				p.mu.Unlock()
				close(out)
				return
			}
		}
	}()
	go func() {
		for frame := range out {
			_ = ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if err := ws.WriteMessage(websocket.TextMessage, frame); err != nil {
				_ = ws.Close()
				for range out {
				}
				return
			}
		}
		_ = ws.Close()
	}()
}

func (p *peerServer) broadcast(g int, text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seq[g]++
	frame, _ := json.Marshal(map[string]any{"type": "message", "conversation_id": "g" + strconv.Itoa(g), "seq": p.seq[g],
		"message": map[string]any{"body": map[string]string{"text": text}}})
	for _, c := range p.groups[g] {
		select {
		case c <- frame:
		default: // too slow: dropped, as such hubs do
		}
	}
}

func runPeer(ctx context.Context, cfg Config, logw io.Writer) ([]Result, error) {
	var res []Result
	p := &peerServer{groups: map[int][]chan []byte{}, seq: map[int]int64{},
		up: websocket.Upgrader{ReadBufferSize: 4096, WriteBufferSize: 4096}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	groups := (cfg.Clients + cfg.GroupSize - 1) / cfg.GroupSize
	fmt.Fprintf(logw, "peer: connecting %d WebSocket clients\n", cfg.Clients)
	t0 := time.Now()
	rs, done, err := dialAll(ctx, "ws://"+ln.Addr().String()+"/", cfg.Clients, nil, false, func(i int) string {
		return "?g=" + strconv.Itoa(i/cfg.GroupSize)
	})
	if err != nil {
		return res, err
	}
	// Every socket is registered once its upgrade returned; wait for the
	// hub to list them all.
	for {
		p.mu.Lock()
		n := 0
		for _, cs := range p.groups {
			n += len(cs)
		}
		p.mu.Unlock()
		if n == cfg.Clients {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	connect := time.Since(t0)
	fmt.Fprintf(logw, "peer: %d clients ready in %v\n", cfg.Clients, connect.Round(time.Millisecond))
	res, err = sweep(ctx, cfg, "peer", groups, rs, logw, func(g, _ int) error {
		p.broadcast(g, stamp())
		return nil
	}, nil, func(r *Result) { r.ConnectTime = connect })
	closeAll(rs)
	done.Wait()
	return res, err
}
