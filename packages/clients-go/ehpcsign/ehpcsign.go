// Package ehpcsign signs QingCloud EHPC requests for the client oapi-codegen generates (hand-written: a
// generated client cannot sign). Plug it in with
//
//	qingcloudehpc.NewClientWithResponses(url, qingcloudehpc.WithRequestEditorFn(signer.Edit))
//
// It replaces the query parameters the spec marks x-client-managed, hashes the exact body bytes and appends
// the signature, as the EhpcSignature security scheme of specs/qingcloud-ehpc describes. Proven by the
// shared vectors in specs/qingcloud-ehpc/signing-vectors.json.
package ehpcsign

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// ClientManaged are the query parameters the signer owns: whatever the caller put there is replaced.
var ClientManaged = []string{"access_key_id", "signature", "signature_method", "signature_version", "timestamp", "version"}

// Signer holds the key pair and the two choices the vendor page leaves open (see the spec).
type Signer struct {
	AccessKeyID     string
	SecretAccessKey string
	// SignatureEncoding is "double" (default, as the EHPC page shows) or "single".
	SignatureEncoding string
	// SignedURI is "trailing-slash" (default, as the worked example) or "as-sent".
	SignedURI string
	// Now defaults to time.Now.
	Now func() time.Time
}

// String never shows the secret.
func (s *Signer) String() string {
	return fmt.Sprintf("ehpcsign.Signer{AccessKeyID: %q}", s.AccessKeyID)
}

// Encode is RFC 3986 percent-encoding: only A-Z a-z 0-9 - . _ ~ stay; upper-case hex; space is %20.
func Encode(v string) string {
	return strings.ReplaceAll(url.QueryEscape(v), "+", "%20")
}

type pair struct{ name, value string }

// CanonicalQuery sorts by name (then value) and encodes.
func CanonicalQuery(params []pair) string {
	sort.Slice(params, func(i, j int) bool {
		if params[i].name != params[j].name {
			return params[i].name < params[j].name
		}
		return params[i].value < params[j].value
	})
	parts := make([]string, len(params))
	for i, p := range params {
		parts[i] = Encode(p.name) + "=" + Encode(p.value)
	}
	return strings.Join(parts, "&")
}

// StringToSign is METHOD \n uri \n canonical query \n hex(MD5(body)).
func StringToSign(method, uri, query string, body []byte) string {
	sum := md5.Sum(body)
	return strings.ToUpper(method) + "\n" + uri + "\n" + query + "\n" + hex.EncodeToString(sum[:])
}

// Sign is Base64(HMAC-SHA256(secret, text)).
func Sign(text, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(text))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// SignedQuery is the query string to send for one request: canonical query + "&signature=…".
func (s *Signer) SignedQuery(method, path string, query url.Values, body []byte) (string, error) {
	if s.AccessKeyID == "" {
		return "", errors.New("AccessKeyID: is required")
	}
	if s.SecretAccessKey == "" {
		return "", errors.New("SecretAccessKey: is required")
	}
	encoding, uriStyle := s.SignatureEncoding, s.SignedURI
	if encoding == "" {
		encoding = "double"
	}
	if uriStyle == "" {
		uriStyle = "trailing-slash"
	}
	if encoding != "double" && encoding != "single" {
		return "", fmt.Errorf("SignatureEncoding: must be \"double\" or \"single\", got %q", encoding)
	}
	if uriStyle != "trailing-slash" && uriStyle != "as-sent" {
		return "", fmt.Errorf("SignedURI: must be \"trailing-slash\" or \"as-sent\", got %q", uriStyle)
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	managed := map[string]bool{}
	for _, name := range ClientManaged {
		managed[name] = true
	}
	var params []pair
	for name, values := range query {
		if managed[name] {
			continue
		}
		for _, v := range values {
			params = append(params, pair{name, v})
		}
	}
	params = append(params,
		pair{"access_key_id", s.AccessKeyID},
		pair{"signature_method", "HmacSHA256"},
		pair{"signature_version", "1"},
		pair{"timestamp", now().UTC().Format("2006-01-02T15:04:05Z")},
		pair{"version", "1"},
	)
	canonical := CanonicalQuery(params)
	uri := path
	if uriStyle == "trailing-slash" && !strings.HasSuffix(uri, "/") {
		uri += "/"
	}
	signature := Encode(Sign(StringToSign(method, uri, canonical, body), s.SecretAccessKey))
	if encoding == "double" {
		signature = Encode(signature)
	}
	return canonical + "&signature=" + signature, nil
}

// Edit is an oapi-codegen RequestEditorFn: it reads the body (and puts the same bytes back), then signs.
func (s *Signer) Edit(_ context.Context, req *http.Request) error {
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return fmt.Errorf("ehpcsign: reading the body: %w", err)
		}
		_ = req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		req.ContentLength = int64(len(body))
	}
	query, err := url.ParseQuery(req.URL.RawQuery)
	if err != nil {
		return fmt.Errorf("ehpcsign: query: %w", err)
	}
	signed, err := s.SignedQuery(req.Method, req.URL.Path, query, body)
	if err != nil {
		return err
	}
	req.URL.RawQuery = signed
	return nil
}
