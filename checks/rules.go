package checks

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"

	"github.com/crmready/crmready/extract"
)

// RuleSpec is a user-defined consistency rule as configured: the records for which When holds
// (every record when it is empty) must satisfy Require. Expressions are expr-lang/expr
// (https://expr-lang.org): columns are named by their header, or by their role when no
// column has that name; $env["Lead Source"] names any column; as_of is the audit's instant.
type RuleSpec struct {
	// Name is the rule's ID: its metric is consistency.rule.<name>.
	Name string
	Doc  string
	// Object and Dataset select the datasets the rule applies to (either may be empty).
	Object  extract.Object
	Dataset string
	When    string
	Require string
}

// ruleNamePattern is what a rule name may be: it becomes part of a metric ID.
// RuleNamePattern is what a rule name looks like: it becomes part of a metric ID.
const RuleNamePattern = `^[a-z][a-z0-9_]*$`

var ruleNamePattern = regexp.MustCompile(RuleNamePattern)

// ValidRuleName reports whether s can name a rule.
func ValidRuleName(s string) bool { return ruleNamePattern.MatchString(s) }

// AppliesTo reports whether the rule is for dataset ds.
func (r RuleSpec) AppliesTo(ds *Dataset) bool {
	return (r.Object == "" || r.Object == ds.Object) && (r.Dataset == "" || r.Dataset == ds.Name) && (r.Object != "" || r.Dataset != "")
}

// ParseRule checks an expression's syntax, without knowing any dataset's columns.
func ParseRule(src string) error {
	_, err := expr.Compile(src, expr.AllowUndefinedVariables(), expr.DisableBuiltin("now"))
	return exprError(err, nil)
}

// Rule is a rule compiled against one dataset's columns. Programs are read-only: analyzers on
// several goroutines share them, each with its own machine and variables.
type Rule struct {
	Spec          RuleSpec
	when, require *vm.Program
	// vars are the columns the rule reads: the name it reads each by and the column's index.
	vars []ruleVar
	// column is the first column Require reads, shown in findings.
	column int
}

type ruleVar struct {
	name string
	col  int
}

// CompileRules compiles the rules that apply to ds, type-checked against its columns: a column
// the dataset lacks or a comparison of a number with text is an error naming it.
func CompileRules(specs []RuleSpec, ds *Dataset, asOf time.Time) ([]*Rule, error) {
	env, cols := ruleEnv(ds, asOf)
	var out []*Rule
	for _, s := range specs {
		if !s.AppliesTo(ds) {
			continue
		}
		r := &Rule{Spec: s, column: -1}
		var used []string
		var err error
		if s.When != "" {
			if r.when, err = compileRule(s.When, env); err != nil {
				return nil, fmt.Errorf("rule %s, when: %w", s.Name, exprError(err, ds))
			}
			used = append(used, exprNames(r.when)...)
		}
		if r.require, err = compileRule(s.Require, env); err != nil {
			return nil, fmt.Errorf("rule %s, require: %w", s.Name, exprError(err, ds))
		}
		req := exprNames(r.require)
		for _, n := range append(used, req...) {
			if j, ok := cols[n]; ok && !slices.ContainsFunc(r.vars, func(v ruleVar) bool { return v.name == n }) {
				r.vars = append(r.vars, ruleVar{n, j})
			}
		}
		for _, n := range req {
			if j, ok := cols[n]; ok {
				r.column = j
				break
			}
		}
		out = append(out, r)
	}
	return out, nil
}

func compileRule(src string, env map[string]any) (*vm.Program, error) {
	return expr.Compile(src, expr.Env(env), expr.AsBool(), expr.DisableBuiltin("now"))
}

// ruleEnv declares the variables rules can read, with the type of their column: every column
// by its name, each role by its name when no column has it, and as_of. cols maps each variable
// that is a column to its index.
func ruleEnv(ds *Dataset, asOf time.Time) (map[string]any, map[string]int) {
	env, cols := map[string]any{"as_of": asOf}, map[string]int{}
	for j, c := range ds.Schema.Columns {
		if c.Skipped == "" {
			env[c.Name], cols[c.Name] = zeroOf(c.Type), j
		}
	}
	for j, c := range ds.Schema.Columns {
		if _, taken := env[string(c.Role)]; c.Role != "" && c.Skipped == "" && !taken {
			env[string(c.Role)], cols[string(c.Role)] = zeroOf(c.Type), j
		}
	}
	return env, cols
}

func zeroOf(t extract.Type) any {
	switch t {
	case extract.Int:
		return 0
	case extract.Float:
		return 0.0
	case extract.Bool:
		return false
	case extract.Time:
		return time.Time{}
	}
	return ""
}

// exprNames lists the variables a program reads: identifiers and $env["..."] members.
func exprNames(p *vm.Program) []string {
	var v nameVisitor
	node := p.Node()
	ast.Walk(&node, &v)
	return v.names
}

type nameVisitor struct{ names []string }

func (v *nameVisitor) Visit(n *ast.Node) {
	switch x := (*n).(type) {
	case *ast.IdentifierNode:
		v.names = append(v.names, x.Value)
	case *ast.MemberNode:
		if id, ok := x.Node.(*ast.IdentifierNode); ok && id.Value == "$env" {
			if s, ok := x.Property.(*ast.StringNode); ok {
				v.names = append(v.names, s.Value)
			}
		}
	}
}

// exprError turns an expr error into one line; an unknown name is an unknown column, listed
// with the dataset's columns and roles.
func exprError(err error, ds *Dataset) error {
	if err == nil {
		return nil
	}
	var fe *file.Error
	if !errors.As(err, &fe) {
		return errors.New(strings.Join(strings.Fields(err.Error()), " "))
	}
	if name, ok := strings.CutPrefix(fe.Message, "unknown name "); ok && ds != nil {
		var cols, roles []string
		for _, c := range ds.Schema.Columns {
			if c.Skipped == "" {
				cols = append(cols, c.Name)
				if c.Role != "" && !slices.Contains(roles, string(c.Role)) {
					roles = append(roles, string(c.Role))
				}
			}
		}
		return fmt.Errorf("unknown column %q in dataset %s (columns: %s; roles: %s; and as_of)", name, ds.Name, strings.Join(cols, ", "), strings.Join(roles, ", "))
	}
	return fmt.Errorf("%s (at character %d)", fe.Message, fe.Column+1)
}

// ruleRunner evaluates compiled rules on rows: one per analyzer, for its machine and variables.
type ruleRunner struct {
	machine vm.VM
	env     map[string]any
	dict    []*Placeholders
}

func newRuleRunner(asOf time.Time, dict []*Placeholders) *ruleRunner {
	return &ruleRunner{env: map[string]any{"as_of": asOf}, dict: dict}
}

// eval runs p on row i of b. A value that is missing (null, placeholder or unreadable) reads as
// nil; an expression that fails on it (nil > 0) is false.
func (rr *ruleRunner) eval(p *vm.Program, r *Rule, b *extract.Batch, i int) bool {
	for _, v := range r.vars {
		rr.env[v.name] = rr.value(b.Cols[v.col], v.col, i)
	}
	out, err := rr.machine.Run(p, rr.env)
	if err != nil {
		return false
	}
	ok, _ := out.(bool)
	return ok
}

// value returns row i of column j as rules see it.
func (rr *ruleRunner) value(v *extract.Vector, j, i int) any {
	if v.Bad[i] || isMissing(v, i, rr.dict[j]) {
		return nil
	}
	switch v.Type {
	case extract.Int:
		return int(v.Int[i])
	case extract.Float:
		return v.Float[i]
	case extract.Bool:
		return v.Bool[i]
	case extract.Time:
		return time.UnixMilli(v.Time[i]).UTC()
	}
	return strings.TrimSpace(v.Str[i])
}
