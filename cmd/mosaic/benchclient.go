package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// benchClient is one load-generating client of bench serve: a single
// keep-alive HTTP/1.1 connection that writes a request and reads its
// answer on the calling goroutine, as wrk and similar load generators do.
//
// net/http's Transport runs two goroutines per connection and hands each
// answer across them; with hundreds of clients in the same process as the
// server on two cores, every hand-over waits its turn behind hundreds of
// runnable goroutines, and the load generator's own scheduling shows up in
// the server's latency. The server side is the real net/http server either
// way; --client transport measures with net/http's client instead.
type benchClient struct {
	host    string // host:port, dialled and sent as Host
	token   string
	purpose string
	timeout time.Duration

	conn net.Conn
	br   *bufio.Reader
	bw   *bufio.Writer
}

func newBenchClient(base, token, purpose string, timeout time.Duration) (*benchClient, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("bench client: base URL: %w", err)
	}
	if u.Scheme != "http" {
		return nil, fmt.Errorf("bench client: only plain http on loopback, not %q", u.Scheme)
	}
	return &benchClient{host: u.Host, token: token, purpose: purpose, timeout: timeout}, nil
}

// Get asks for path (with its query) and returns the status; the body is
// read and discarded. Any failure closes the connection, and the next
// call dials again.
func (c *benchClient) Get(ctx context.Context, path string) (int, error) {
	status, err := c.get(ctx, path)
	if err != nil {
		c.Close()
	}
	return status, err
}

func (c *benchClient) get(ctx context.Context, path string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if c.conn == nil {
		d := net.Dialer{Timeout: c.timeout}
		conn, err := d.DialContext(ctx, "tcp", c.host)
		if err != nil {
			return 0, fmt.Errorf("bench client: dial %s: %w", c.host, err)
		}
		c.conn, c.br, c.bw = conn, bufio.NewReaderSize(conn, 16<<10), bufio.NewWriterSize(conn, 4<<10)
	}
	if err := c.conn.SetDeadline(time.Now().Add(c.timeout)); err != nil {
		return 0, err
	}
	// The buffered writer keeps errors: the first one comes back from Flush.
	for _, s := range []string{"GET ", path, " HTTP/1.1\r\nHost: ", c.host, "\r\nAuthorization: Bearer ", c.token,
		"\r\nX-Mosaic-Purpose: ", c.purpose, "\r\nUser-Agent: mosaic-bench\r\n\r\n"} {
		c.bw.WriteString(s)
	}
	if err := c.bw.Flush(); err != nil {
		return 0, fmt.Errorf("bench client: write: %w", err)
	}
	// ReadResponse parses the status, headers and framing (length or
	// chunks) on this goroutine; no Transport is involved.
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil {
		return 0, fmt.Errorf("bench client: read: %w", err)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return resp.StatusCode, fmt.Errorf("bench client: body: %w", err)
	}
	if resp.Close {
		c.Close()
	}
	return resp.StatusCode, nil
}

// Close drops the connection.
func (c *benchClient) Close() {
	if c.conn != nil {
		c.conn.Close()
		c.conn, c.br, c.bw = nil, nil, nil
	}
}
