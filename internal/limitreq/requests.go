// The requests the cases are built from: sized, nested and valued
// requests, usage rows, quotes of calls and of custom lists.

package limitreq

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

type obj = map[string]any

func encode(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // the same bytes as JSON.stringify
	if err := enc.Encode(v); err != nil {
		panic(err) // plain maps, slices, strings and numbers always encode
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// usageRows are n simulate usage rows of minutes each in month of meter.
func usageRows(n int, month, meter string, minutes any) []obj {
	out := make([]obj, n)
	for i := range out {
		out[i] = obj{"month": month, "meter": meter, "minutes": minutes}
	}
	return out
}

func agoraSim(start, end string, usage []obj, purchases []obj) obj {
	r := obj{"catalog": "agora-2021-cny", "start": start, "end": end, "usage": usage}
	if purchases != nil {
		r["purchases"] = purchases
	}
	return r
}

func buys(n, count int) []obj {
	out := make([]obj, n)
	for i := range out {
		out[i] = obj{"package": "rtc.audio.25k", "date": "2019-07-01", "count": count}
	}
	return out
}

func trtcQuote(f func(r obj)) string {
	r := obj{"catalog": "trtc-2019-cny", "start": "2026-01", "months": 12, "usage": obj{"call": 30000}}
	f(r)
	return encode(r)
}

func callsQuote(catalog string, profiles []obj) string {
	return encode(obj{"catalog": catalog, "start": "2026-01", "months": 1, "calls": profiles})
}

func profiles(n int, p obj) []obj {
	out := make([]obj, n)
	for i := range out {
		out[i] = p
	}
	return out
}

// customQuote is a one-month quote of a custom list of meters meters
// (overage 10 per 1,000) and packages packages (1,000 minutes for 9,
// round-robin over the meters), with 1,500 minutes of m0.
func customQuote(meters, packages int, name string) string {
	var ms, ps []obj
	for m := 0; m < meters; m++ {
		ms = append(ms, obj{"id": fmt.Sprintf("m%d", m), "name": fmt.Sprintf("meter %d", m), "overagePer1000": "10"})
	}
	for i := 0; i < packages; i++ {
		ps = append(ps, obj{"id": fmt.Sprintf("p%d", i), "meter": fmt.Sprintf("m%d", i%meters), "name": name,
			"minutes": 1000, "price": "9", "purchasable": true})
	}
	cat := obj{
		"format": 1, "id": "limits", "vendor": "v", "name": "limits", "currency": "CNY",
		"source": obj{"document": "docs/api.md"}, "validity": "one_year", "postpaid": "always",
		"tieBreak": []string{"expiry", "size", "purchase", "input"}, "meters": ms, "packages": ps,
		"calls": obj{"model": "participant_minutes", "meter": "m0"},
	}
	return encode(obj{"catalog": cat, "start": "2026-01", "months": 1, "usage": obj{"m0": 1500}})
}

// sizedRequest is a simulate request of exactly size bytes of compact
// JSON (the bytes JSON.stringify writes for it too): agora usage rows of
// one minute each, written "0…01" with as many leading zeros as it takes
// (at most 40 digits). It returns the request and its number of rows.
func sizedRequest(size int) (string, int) {
	const head = `{"catalog":"agora-2021-cny","start":"2019-07","end":"2019-07","usage":[`
	const tail = `]}`
	const rowHead, rowTail = `{"month":"2019-07","meter":"rtc.audio","minutes":"`, `"}`
	fixed := len(rowHead) + len(rowTail) + 1 // and a comma
	body := size - len(head) - len(tail) + 1 // no comma after the last row
	n := (body + fixed + 40 - 1) / (fixed + 40)
	digits := body - n*fixed // to spread over n rows, 1 to 40 each
	if digits < n || digits > 40*n {
		panic(fmt.Sprintf("sizedRequest(%d): cannot spread %d digits over %d rows", size, digits, n))
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteString(head)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		d := digits / n
		if i < digits%n {
			d++
		}
		b.WriteString(rowHead)
		b.WriteString(strings.Repeat("0", d-1))
		b.WriteString("1")
		b.WriteString(rowTail)
	}
	b.WriteString(tail)
	if b.Len() != size {
		panic(fmt.Sprintf("sizedRequest(%d) is %d bytes", size, b.Len()))
	}
	return b.String(), n
}

// nested is a simulate request whose usage is levels-1 arrays nested in
// the request (levels of nesting with the request itself), the innermost
// holding a 0.
func nested(levels int) string {
	return `{"catalog":"trtc-2019-cny","start":"2019-07","end":"2019-08","usage":` +
		strings.Repeat("[", levels-1) + "0" + strings.Repeat("]", levels-1) + "}"
}

// valued is a simulate request of exactly values values (the request, its
// four fields and values-5 zeros in usage).
func valued(values int) string {
	zeros := strings.Repeat("0,", values-5)
	return `{"catalog":"trtc-2019-cny","start":"2019-07","end":"2019-08","usage":[` + strings.TrimSuffix(zeros, ",") + "]}"
}

// agoraAudio is the cost of minutes of rtc.audio in one month at agora
// (10,000 free, then 7 per 1,000), as an exact decimal string.
func agoraAudio(minutes int64) string {
	over := minutes - 10_000
	if over < 0 {
		over = 0
	}
	return decString(over*7, 3)
}

// decString writes n / 10^scale without trailing zeros.
func decString(n int64, scale int) string {
	s := strconv.FormatInt(n, 10)
	for len(s) <= scale {
		s = "0" + s
	}
	i, f := s[:len(s)-scale], strings.TrimRight(s[len(s)-scale:], "0")
	if f == "" {
		return i
	}
	return i + "." + f
}

// monthlyAudio is one simulate usage row of minutes of rtc.audio in each
// of n months from start (YYYY-MM).
func monthlyAudio(start string, n int, minutes int) []obj {
	y, _ := strconv.Atoi(start[:4])
	m, _ := strconv.Atoi(start[5:])
	out := make([]obj, n)
	for k := range out {
		mm := m - 1 + k
		out[k] = obj{"month": fmt.Sprintf("%04d-%02d", y+mm/12, mm%12+1), "meter": "rtc.audio", "minutes": minutes}
	}
	return out
}
