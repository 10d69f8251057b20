package ehpcsign_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"userctl.local/clients-go/ehpcsign"
)

type vector struct {
	Name              string            `json:"name"`
	Method            string            `json:"method"`
	Path              string            `json:"path"`
	Query             map[string]string `json:"query"`
	Body              string            `json:"body"`
	Timestamp         string            `json:"timestamp"`
	AccessKeyID       string            `json:"accessKeyId"`
	SecretAccessKey   string            `json:"secretAccessKey"`
	SignatureEncoding string            `json:"signatureEncoding"`
	SignedURI         string            `json:"signedUri"`
	Expected          struct {
		BodyMd5      string `json:"bodyMd5"`
		StringToSign string `json:"stringToSign"`
		Signature    string `json:"signature"`
		QueryString  string `json:"queryString"`
	} `json:"expected"`
}

func loadVectors(t *testing.T) []vector {
	raw, err := os.ReadFile("../../../specs/qingcloud-ehpc/signing-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Vectors []vector }
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Vectors) < 5 {
		t.Fatalf("only %d vectors", len(file.Vectors))
	}
	return file.Vectors
}

// Each vector through Edit, as the generated client calls it, with stale values in the managed parameters.
func TestSharedVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			at, err := time.Parse(time.RFC3339, v.Timestamp)
			if err != nil {
				t.Fatal(err)
			}
			q := url.Values{}
			for k, val := range v.Query {
				q.Set(k, val)
			}
			for _, k := range ehpcsign.ClientManaged {
				q.Set(k, "stale")
			}
			req, _ := http.NewRequest(v.Method, "http://ehpc.test"+v.Path+"?"+q.Encode(), strings.NewReader(v.Body))
			signer := &ehpcsign.Signer{AccessKeyID: v.AccessKeyID, SecretAccessKey: v.SecretAccessKey,
				SignatureEncoding: v.SignatureEncoding, SignedURI: v.SignedURI, Now: func() time.Time { return at }}
			if err := signer.Edit(context.Background(), req); err != nil {
				t.Fatal(err)
			}
			if req.URL.RawQuery != v.Expected.QueryString {
				t.Errorf("query\n got %s\nwant %s", req.URL.RawQuery, v.Expected.QueryString)
			}
			sent, _ := io.ReadAll(req.Body)
			sum := md5.Sum(sent)
			if !bytes.Equal(sent, []byte(v.Body)) || hex.EncodeToString(sum[:]) != v.Expected.BodyMd5 {
				t.Errorf("body changed: %q", sent)
			}
			if got := ehpcsign.Sign(v.Expected.StringToSign, v.SecretAccessKey); got != v.Expected.Signature {
				t.Errorf("signature %s, want %s", got, v.Expected.Signature)
			}
		})
	}
}

func TestBadOptionsNameTheField(t *testing.T) {
	for _, c := range []struct {
		signer ehpcsign.Signer
		want   string
	}{
		{ehpcsign.Signer{SecretAccessKey: "s"}, "AccessKeyID: is required"},
		{ehpcsign.Signer{AccessKeyID: "a"}, "SecretAccessKey: is required"},
		{ehpcsign.Signer{AccessKeyID: "a", SecretAccessKey: "s", SignatureEncoding: "triple"}, "SignatureEncoding"},
		{ehpcsign.Signer{AccessKeyID: "a", SecretAccessKey: "s", SignedURI: "odd"}, "SignedURI"},
	} {
		_, err := c.signer.SignedQuery("GET", "/api/user", url.Values{}, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.signer.SignatureEncoding, err, c.want)
		}
	}
}

func TestSecretNeverPrinted(t *testing.T) {
	s := &ehpcsign.Signer{AccessKeyID: "AK", SecretAccessKey: "TOP-SECRET-VALUE"}
	if strings.Contains(s.String(), "TOP-SECRET-VALUE") {
		t.Fatal("secret in String()")
	}
}
