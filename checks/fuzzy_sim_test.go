package checks

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/hbollon/go-edlib"
)

// TestJaroWinklerMatchesGoEdlib holds the byte-wise Jaro-Winkler equal to go-edlib's on generated
// names with typos (go-edlib computes in float32).
func TestJaroWinklerMatchesGoEdlib(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	names := []string{"", "a", "ab", "ba", "martha", "marhta", "dixon", "dicksonx", "jellyfish", "smellyfish", "jon", "john",
		"efthimiou", "efthimoiu", "acme corp", "acme", "kellerberrin", "kelerberrin"}
	for range 20000 {
		n := 1 + r.IntN(12)
		b := make([]byte, n)
		for i := range b {
			b[i] = "aeioulnrstmkbdg "[r.IntN(16)]
		}
		names = append(names, string(b))
	}
	for i := 0; i+1 < len(names); i++ {
		a, b := names[i], names[(i*7+3)%len(names)]
		got, want := jaroWinkler([]byte(a), []byte(b)), float64(edlib.JaroWinklerSimilarity(a, b))
		if math.Abs(got-want) > 1e-5 {
			t.Fatalf("jaroWinkler(%q, %q) = %v, go-edlib %v", a, b, got, want)
		}
	}
}

func TestTokenSimilarity(t *testing.T) {
	tests := []struct {
		a, b string
		lo   float64
		hi   float64
	}{
		{"ritz carlton cafe buckhead", "cafe ritz carlton buckhead", 1, 1},
		{"steak house the", "steak house", 0.8, 0.99},
		{"philips electronics", "koninklijke philips electronics", 0.85, 0.99},
		{"acme", "globex", 0, 0.6},
		{"", "acme", 0, 0},
	}
	for _, tt := range tests {
		if s := tokenSimilarity([]byte(tt.a), []byte(tt.b)); s < tt.lo || s > tt.hi {
			t.Errorf("tokenSimilarity(%q, %q) = %.3f, want %.2f..%.2f", tt.a, tt.b, s, tt.lo, tt.hi)
		}
	}
}

func TestSoundexAndSlips(t *testing.T) {
	for w, want := range map[string]string{"robert": "r163", "rupert": "r163", "tymczak": "t522", "pfister": "p236",
		"ashcraft": "a261", "lee": "l000", "o brien": "o165", "123": ""} {
		if got := string(soundex(nil, []byte(w))); got != want {
			t.Errorf("soundex(%q) = %q, want %q", w, got, want)
		}
	}
	for _, tt := range []struct {
		a, b string
		want bool
	}{{"4011", "4011", true}, {"4011", "4012", true}, {"4011", "4101", true}, {"4011", "1104", false},
		{"19560409", "19560490", true}, {"4011", "401", false}, {"4011", "4122", false}} {
		if got := editsAtMostOne([]byte(tt.a), []byte(tt.b)); got != tt.want {
			t.Errorf("editsAtMostOne(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

func BenchmarkJaroWinkler(b *testing.B) {
	pairs := [][2]string{{"martha", "marhta"}, {"jonathan", "johnathon"}, {"efthimiou", "efthimoiu"}, {"smith", "smyth"}}
	b.Run("crmready", func(b *testing.B) {
		for i := range b.N {
			p := pairs[i%len(pairs)]
			jaroWinkler([]byte(p[0]), []byte(p[1]))
		}
	})
	b.Run("go-edlib", func(b *testing.B) {
		for i := range b.N {
			p := pairs[i%len(pairs)]
			edlib.JaroWinklerSimilarity(p[0], p[1])
		}
	})
}
