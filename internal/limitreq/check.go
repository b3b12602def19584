// Checking an envelope, as any layer gives it, against a case.

package limitreq

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Result is a decoded result (numbers as json.Number).
type Result = any

// Envelope is an envelope as every layer gives it.
type Envelope struct {
	OK     bool            `json:"ok"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    string          `json:"code"`
		Field   string          `json:"field"`
		Reason  string          `json:"reason"`
		Params  json.RawMessage `json:"params"`
		Message string          `json:"message"`
	} `json:"error"`
}

// CheckAt checks the envelope At got at layer: the right answer, or for
// a limit of the client, the module's own answer.
func (c Case) CheckAt(env []byte) error {
	var e Envelope
	if err := json.Unmarshal(env, &e); err != nil {
		return fmt.Errorf("not an envelope: %v: %.300s", err, env)
	}
	if c.AtModule != nil {
		return c.AtModule.match(e)
	}
	if !e.OK {
		return fmt.Errorf("refused at the limit: %.500s", env)
	}
	d := json.NewDecoder(bytes.NewReader(e.Result))
	d.UseNumber()
	var r any
	if err := d.Decode(&r); err != nil {
		return err
	}
	return c.AtCheck(r)
}

// CheckPast checks the envelope Past got: the documented refusal.
func (c Case) CheckPast(env []byte) error {
	var e Envelope
	if err := json.Unmarshal(env, &e); err != nil {
		return fmt.Errorf("not an envelope: %v: %.300s", err, env)
	}
	return c.Want.match(e)
}

func (w Refusal) match(e Envelope) error {
	if e.OK || e.Error == nil {
		return fmt.Errorf("accepted, want %s %s at %q", w.Code, w.Reason, w.Field)
	}
	got := e.Error
	if got.Code != w.Code || got.Reason != w.Reason || got.Field != w.Field {
		return fmt.Errorf("got %s/%s at %q (%s), want %s/%s at %q", got.Code, got.Reason, got.Field, got.Message, w.Code, w.Reason, w.Field)
	}
	if got.Message == "" {
		return fmt.Errorf("%s: no message", got.Reason)
	}
	var have, want any
	if err := json.Unmarshal(got.Params, &have); err != nil {
		return fmt.Errorf("params %s: %v", got.Params, err)
	}
	b, _ := json.Marshal(w.Params)
	_ = json.Unmarshal(b, &want)
	if !reflect.DeepEqual(have, want) {
		return fmt.Errorf("%s: params %s, want %s", got.Reason, got.Params, b)
	}
	return nil
}

// lookup finds a value by a dotted path ("months.0.meters.1.billedMinutes").
func lookup(r any, path string) (any, error) {
	v := r
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[k]; !ok {
				return nil, fmt.Errorf("%s: no %q", path, k)
			}
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(x) {
				return nil, fmt.Errorf("%s: no [%s] of %d", path, k, len(x))
			}
			v = x[i]
		default:
			return nil, fmt.Errorf("%s: %q of a %T", path, k, v)
		}
	}
	return v, nil
}

// equal checks that the value at path, written as text, is want.
func equal(path, want string) func(any) error {
	return func(r any) error {
		v, err := lookup(r, path)
		if err != nil {
			return err
		}
		if got := fmt.Sprint(v); got != want {
			return fmt.Errorf("%s = %.80s, want %.80s", path, got, want)
		}
		return nil
	}
}

// length checks the length of the array at path.
func length(path string, n int) func(any) error {
	return func(r any) error {
		v, err := lookup(r, path)
		if err != nil {
			return err
		}
		a, ok := v.([]any)
		if !ok || len(a) != n {
			return fmt.Errorf("%s has %d entries (%T), want %d", path, len(a), v, n)
		}
		return nil
	}
}

func all(checks ...func(any) error) func(any) error {
	return func(r any) error {
		for _, c := range checks {
			if err := c(r); err != nil {
				return err
			}
		}
		return nil
	}
}
