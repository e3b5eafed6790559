package reports

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/crmready/crmready/internal/testkit"
)

// Tests that check the outputs with the programs people open them in. Each skips where its
// program is missing on a developer's machine, and fails under CI=true, where .ci/run installs
// it: a skip there would hide a broken output.

// needTool returns the path of a program, or skips (fails in CI, where .ci/run installs it)
// when it is missing.
func needTool(t *testing.T, name, debianPackage string) string {
	t.Helper()
	return testkit.NeedProgram(t, name, debianPackage)
}

// runTool runs a program with a time limit and returns its output.
func runTool(t *testing.T, limit time.Duration, name string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
	return out
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestJUnitValidates checks the JUnit output against the Ant schema CI reporters accept, with
// and without a trend and values.
func TestJUnitValidates(t *testing.T) {
	xmllint := needTool(t, "xmllint", "libxml2-utils")
	schema := testkit.Data(t, "schemas/JUnit.xsd")
	plain := fixture(t)
	plain.Trend = nil
	f, _ := ByName("junit")
	for name, out := range map[string][]byte{
		"fixture":             render(t, f, fixture(t), Options{}),
		"no trend":            render(t, f, plain, Options{}),
		"values and redacted": render(t, f, Redacted(fixture(t)), Options{ShowValues: true}),
	} {
		t.Run(name, func(t *testing.T) {
			got := runTool(t, time.Minute, xmllint, "--noout", "--schema", schema, writeTemp(t, "junit.xml", out))
			if !bytes.Contains(got, []byte("validates")) {
				t.Errorf("xmllint: %s", got)
			}
		})
	}
}

// TestHTMLInChromium renders the page in headless Chromium: the rendered DOM holds every use
// case's verdict and no script from the data, and a screenshot is not blank.
func TestHTMLInChromium(t *testing.T) {
	t.Parallel()
	chromium := needTool(t, "chromium", "chromium")
	f, _ := ByName("html")
	r := fixture(t)
	page := writeTemp(t, "report.html", render(t, f, r, Options{}))
	profile := t.TempDir()
	args := func(extra ...string) []string {
		return append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync", "--user-data-dir=" + profile}, extra...)
	}
	dom := string(runTool(t, 2*time.Minute, chromium, args("--dump-dom", "file://"+page)...))
	for _, u := range r.UseCases {
		re := regexp.MustCompile(`(?s)<tr id="uc-` + regexp.QuoteMeta(u.UseCase) + `">.*?<span class="badge [a-z]+">` + regexp.QuoteMeta(string(u.Status)) + `</span>`)
		if !re.MatchString(dom) {
			t.Errorf("the rendered page does not show %s as %s", u.UseCase, u.Status)
		}
	}
	if strings.Contains(dom, "<script") {
		t.Error("a value became a script element")
	}
	if !strings.Contains(dom, `Notes &lt;script&gt;alert("x")&lt;/script&gt;`) {
		t.Error("the column named with a script tag is not shown as text")
	}
	shot := filepath.Join(t.TempDir(), "shot.png")
	runTool(t, 2*time.Minute, chromium, args("--window-size=1280,1600", "--screenshot="+shot, "file://"+page)...)
	if share := inked(t, shot); share < 0.03 {
		t.Errorf("screenshot is blank: %.1f%% of pixels are not background", share*100)
	}
}

// inked returns the share of a PNG's pixels that differ from its top-left pixel.
func inked(t *testing.T, path string) float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	bg := img.At(b.Min.X, b.Min.Y)
	br, bgc, bb, _ := bg.RGBA()
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r != br || g != bgc || b != bb {
				ink++
			}
		}
	}
	return float64(ink) / float64(b.Dx()*b.Dy())
}

// TestWorkbookInLibreOffice converts the workbook to PDF with LibreOffice and checks that the
// PDF's text shows every use case's verdict on the Summary sheet.
func TestWorkbookInLibreOffice(t *testing.T) {
	t.Parallel()
	lo := needTool(t, "libreoffice", "libreoffice-calc")
	pdftotext := needTool(t, "pdftotext", "poppler-utils")
	f, _ := ByName("xlsx")
	r := fixture(t)
	book := writeTemp(t, "report.xlsx", render(t, f, r, Options{}))
	dir := filepath.Dir(book)
	profile := "file://" + t.TempDir() // its own profile: parallel runs do not share a lock
	runTool(t, 3*time.Minute, lo, "-env:UserInstallation="+profile, "--headless", "--convert-to", "pdf", "--outdir", dir, book)
	text := string(runTool(t, time.Minute, pdftotext, "-layout", filepath.Join(dir, "report.pdf"), "-"))
	for _, u := range r.UseCases {
		re := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(u.UseCase) + `\s+` + regexp.QuoteMeta(string(u.Status)) + `\b`)
		if !re.MatchString(text) {
			t.Errorf("the PDF does not show %s as %s", u.UseCase, u.Status)
		}
	}
	for _, want := range []string{"Verdict", `=HYPERLINK("http://evil.example"`, "Completeness"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
}
