package bot

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// FetchImage downloads the image at url with client, refusing more than
// max bytes and anything whose bytes are not an image (a server's content
// type and a file's extension are not trusted). Errors are
// *PlatformError: Temporary for a network error, a 5xx, a 408 or a 429;
// Rejected for another non-2xx status, a file too big or not an image.
// Their Reason may hold url: an adapter whose URLs carry its token
// redacts it.
func FetchImage(ctx context.Context, client *http.Client, url string, max int64) ([]byte, error) {
	fail := func(kind ErrorKind, reason string) error {
		return &PlatformError{Kind: kind, Reason: "fetch photo: " + reason}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fail(Rejected, err.Error())
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fail(Temporary, err.Error())
	}
	defer func() {
		_, _ = io.CopyN(io.Discard, resp.Body, 64<<10) // so the connection is reused
		_ = resp.Body.Close()
	}()
	switch code := resp.StatusCode; {
	case code >= 500, code == http.StatusRequestTimeout, code == http.StatusTooManyRequests:
		return nil, fail(Temporary, fmt.Sprintf("%d %s", code, http.StatusText(code)))
	case code/100 != 2:
		return nil, fail(Rejected, fmt.Sprintf("%d %s", code, http.StatusText(code)))
	}
	if resp.ContentLength > max {
		return nil, fail(Rejected, fmt.Sprintf("%d bytes is over %d", resp.ContentLength, max))
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, fail(Temporary, err.Error())
	}
	if int64(len(data)) > max {
		return nil, fail(Rejected, fmt.Sprintf("over %d bytes", max))
	}
	if ct := http.DetectContentType(data); !strings.HasPrefix(ct, "image/") {
		return nil, fail(Rejected, "not an image ("+ct+")")
	}
	return data, nil
}
