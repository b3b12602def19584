package calc

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// billingDoc is the page of billing rules the tests cite, from calc/.
const billingDoc = "../docs/billing.md"

// pendingRules are rules of docs/billing.md whose tests land with
// another change; each says which. The check fails once a pending rule
// is cited, so that the entry is removed then.
var pendingRules = map[string]string{}

var (
	ruleHeading = regexp.MustCompile(`(?m)^### (\d+\.\d+) `)
	citation    = regexp.MustCompile(`docs/billing\.md((?:[ ,]*(?:and )?§\d+\.\d+)+)`)
	sectionRef  = regexp.MustCompile(`§(\d+\.\d+)`)
)

// ruleSections lists the numbered rule sections (### N.M) of the page.
func ruleSections(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(billingDoc)
	if err != nil {
		t.Fatalf("reading the billing rules: %v", err)
	}
	var out []string
	for _, m := range ruleHeading.FindAllStringSubmatch(string(data), -1) {
		out = append(out, m[1])
	}
	return out
}

// citationsIn returns the sections of docs/billing.md that text cites:
// "docs/billing.md §3.2", "docs/billing.md §1.7, §1.12", "… §5.6 and §2.3".
func citationsIn(text string) []string {
	var out []string
	for _, m := range citation.FindAllStringSubmatch(text, -1) {
		for _, s := range sectionRef.FindAllStringSubmatch(m[1], -1) {
			out = append(out, s[1])
		}
	}
	return out
}

// testCitations maps each cited section to the test files citing it,
// over every _test.go file of the repository.
func testCitations(t *testing.T) map[string][]string {
	t.Helper()
	cited := map[string][]string{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "testout", "dist":
				return filepath.SkipDir
			}
			return nil
		}
		// This file's own examples of citations cite nothing.
		if !strings.HasSuffix(path, "_test.go") || d.Name() == "billing_doc_test.go" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, s := range citationsIn(string(data)) {
			cited[s] = append(cited[s], filepath.ToSlash(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return cited
}

func TestCitationsIn(t *testing.T) {
	got := citationsIn("// docs/billing.md §1.7, §1.12 validity; docs/billing.md §5.6 and §2.3: x\n" +
		"\"docs/billing.md §4.3: best\" §9.9 alone is not a citation; docs/billing.md §3.10's laws")
	want := []string{"1.7", "1.12", "5.6", "2.3", "4.3", "3.10"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("citationsIn: %q, want %q", got, want)
	}
}

// Every rule of docs/billing.md is cited by at least one test, and every
// citation names a rule the page has.
func TestBillingRulesAreCited(t *testing.T) {
	rules := ruleSections(t)
	if len(rules) < 40 {
		t.Fatalf("found %d rule sections (### N.M) in %s; the parser or the page is broken", len(rules), billingDoc)
	}
	exists := map[string]bool{}
	for _, r := range rules {
		if exists[r] {
			t.Errorf("%s: section §%s is numbered twice", billingDoc, r)
		}
		exists[r] = true
	}
	cited := testCitations(t)
	for _, r := range rules {
		why, pending := pendingRules[r]
		switch {
		case pending && len(cited[r]) > 0:
			t.Errorf("§%s is pending (%s) but %v cite it now: remove it from pendingRules", r, why, cited[r])
		case !pending && len(cited[r]) == 0:
			t.Errorf("no test cites docs/billing.md §%s: add one that checks the rule and names it", r)
		}
	}
	var dangling []string
	for s, files := range cited {
		if !exists[s] {
			dangling = append(dangling, "§"+s+" in "+strings.Join(files, ", "))
		}
	}
	sort.Strings(dangling)
	for _, d := range dangling {
		t.Errorf("a test cites docs/billing.md %s, which has no such section", d)
	}
	for r := range pendingRules {
		if !exists[r] {
			t.Errorf("pendingRules names §%s, which docs/billing.md does not have", r)
		}
	}
}
