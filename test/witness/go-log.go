// A C2SP-conformant log built with Go's golang.org/x/mod/sumdb packages (tlog
// for the tree and its proofs, note for the signatures), as another log a
// witness must accept. It prints JSON: for each log, its verifier key and
// origin, the add-checkpoint requests of a growing tree, and those of a fork.
package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type request struct {
	Old        int64    `json:"old"`
	Proof      []string `json:"proof"`
	Checkpoint string   `json:"checkpoint"`
}

type logOutput struct {
	Origin    string    `json:"origin"`
	Vkey      string    `json:"vkey"`
	Growing   []request `json:"growing"`
	ForkSame  request   `json:"fork_same_size"`
	ForkAhead request   `json:"fork_ahead"`
}

// A tree of records "<history> <i>", its stored hashes kept in memory.
type tree struct {
	hashes []tlog.Hash
	size   int64
}

func (t *tree) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		out[i] = t.hashes[x]
	}
	return out, nil
}

func (t *tree) grow(history string, size int64) {
	for ; t.size < size; t.size++ {
		stored, err := tlog.StoredHashes(t.size, []byte(fmt.Sprintf("%s %d", history, t.size)), t)
		check(err)
		t.hashes = append(t.hashes, stored...)
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func makeRequest(t *tree, origin string, signer note.Signer, old, size int64) request {
	root, err := tlog.TreeHash(size, t)
	check(err)
	var text string
	if origin == "go.sum database tree" {
		text = string(tlog.FormatTree(tlog.Tree{N: size, Hash: root}))
	} else {
		text = fmt.Sprintf("%s\n%d\n%s\n", origin, size, base64.StdEncoding.EncodeToString(root[:]))
	}
	signed, err := note.Sign(&note.Note{Text: text}, signer)
	check(err)
	proof := []string{}
	if old > 0 {
		hashes, err := tlog.ProveTree(size, old, t)
		check(err)
		for _, h := range hashes {
			proof = append(proof, base64.StdEncoding.EncodeToString(h[:]))
		}
	}
	return request{Old: old, Proof: proof, Checkpoint: string(signed)}
}

func makeLog(keyName, origin string) logOutput {
	skey, vkey, err := note.GenerateKey(rand.Reader, keyName)
	check(err)
	signer, err := note.NewSigner(skey)
	check(err)
	out := logOutput{Origin: origin, Vkey: vkey}
	honest, fork := &tree{}, &tree{}
	old := int64(0)
	for _, size := range []int64{1, 3, 4, 7, 8, 8, 20, 33, 100} {
		honest.grow("honest", size)
		out.Growing = append(out.Growing, makeRequest(honest, origin, signer, old, size))
		old = size
	}
	fork.grow("forked", 120)
	out.ForkSame = makeRequest(fork, origin, signer, old, old)
	out.ForkAhead = makeRequest(fork, origin, signer, old, 120)
	return out
}

func main() {
	logs := []logOutput{
		// The key named as the origin, as tlog-checkpoint recommends.
		makeLog("go.example/log", "go.example/log"),
		// The Go checksum database's own shape: its origin line is not its key's name.
		makeLog("sum.go.example", "go.sum database tree"),
	}
	check(json.NewEncoder(os.Stdout).Encode(logs))
}
