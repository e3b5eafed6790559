#!/usr/bin/env bash
# Benchmark harness for "Parquet and Excel at full speed": builds the product CLI and the
# harness, generates the data once (cached in bench/data/), runs every measurement as its own
# process under /usr/bin/time, alternating contenders over the repetitions, and prints Markdown
# tables of medians. See bench/README.md.
#
#   bench/run.sh                 full run: 1M-row Parquet/CSV, 200k-row XLSX, 10M-row Parquet, 5 reps
#   bench/run.sh --quick         100k rows, 20k XLSX rows, 300k "big" rows, 2 reps
#   bench/run.sh --only a,b      some measurements only (a readers, b audit vs DuckDB, c XLSX, d big)
#
# Options: --reps N, --big-reps N, --rows N, --xlsx-rows N, --big-rows N, --seed N, --as-of DATE,
# --big-csv (also audit the big data as CSV), --profile (CPU profile of the 1M audit and heap
# profile of the big one even when their targets are met), --crmready-src DIR (build crmready
# from another checkout, e.g. a merge preview).
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
invocation="bench/run.sh $*"

reps=5 big_reps=1 rows=1000000 xlsx_rows=200000 big_rows=10000000 seed=1 as_of=2026-11-25
only=a,b,c,d big_csv=0 force_profile=0 src=$(cd .. && pwd)
while [ $# -gt 0 ]; do
	case $1 in
	--quick) reps=2 rows=100000 xlsx_rows=20000 big_rows=300000 ;;
	--reps) reps=$2; shift ;;
	--big-reps) big_reps=$2; shift ;;
	--rows) rows=$2; shift ;;
	--xlsx-rows) xlsx_rows=$2; shift ;;
	--big-rows) big_rows=$2; shift ;;
	--seed) seed=$2; shift ;;
	--as-of) as_of=$2; shift ;;
	--only) only=$2; shift ;;
	--big-csv) big_csv=1 ;;
	--profile) force_profile=1 ;;
	--crmready-src) src=$(cd "$2" && pwd) || exit 2; shift ;;
	-h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
	*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
want() { case ",$only," in *",$1,"*) return 0 ;; esac; return 1; }

data=$here/data
bin=$data/bin
stamp=$(date -u +%Y%m%dT%H%M%SZ)
res=$data/results/$stamp
mkdir -p "$bin" "$res"
raw=$res/raw.tsv
: >"$raw"
log() { echo "run.sh: $*" >&2; }
die() { echo "run.sh: $*" >&2; exit 1; }

# ---- build ---------------------------------------------------------------------------------
log "building crmready from $src and the harness"
(cd "$src" && go build -o "$bin/crmready" ./cmd/crmready) || die "building crmready failed"
modflags=()
if [ "$src" != "$(cd .. && pwd)" ]; then
	# Build the harness against the other checkout without touching bench/go.mod.
	cp go.mod "$res/go.mod" && cp go.sum "$res/go.sum"
	go mod edit -modfile="$res/go.mod" -replace "github.com/crmready/crmready=$src"
	modflags=(-modfile="$res/go.mod")
fi
go build "${modflags[@]}" -o "$bin/" ./cmd/... || die "building the harness failed"
product_rev=$(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo "not a git checkout")

# ---- data ----------------------------------------------------------------------------------
# File names carry the row count, the seed and the generator version (bump v1 when the
# generator changes, so cached files are not mistaken for the new data).
pq=$data/contacts_${rows}_s${seed}_v1.parquet
csv=$data/contacts_${rows}_s${seed}_v1.csv
xlsx=$data/contacts_${xlsx_rows}_s${seed}_v1.xlsx
big_groups=$(((big_rows + 124999) / 125000))
big=$data/contacts_${big_rows}_s${seed}_v1_g${big_groups}.parquet
big_csvf=$data/contacts_${big_rows}_s${seed}_v1.csv
gen() { log "generating $*"; "$bin/gen" -seed "$seed" "$@" || die "gen $* failed"; }
if want a || want b; then
	args=()
	[ -f "$pq" ] || args+=(-parquet "$pq")
	[ -f "$csv" ] || args+=(-csv "$csv")
	[ ${#args[@]} -eq 0 ] || gen -rows "$rows" -row-groups 8 "${args[@]}"
fi
if want c && [ ! -f "$xlsx" ]; then gen -rows "$xlsx_rows" -xlsx "$xlsx"; fi
if want d; then
	[ -f "$big" ] || gen -rows "$big_rows" -row-groups "$big_groups" -parquet "$big"
	if [ "$big_csv" = 1 ] && [ ! -f "$big_csvf" ]; then gen -rows "$big_rows" -csv "$big_csvf"; fi
fi

# ---- measuring -----------------------------------------------------------------------------
# measure ID OKCODES CMD...: runs CMD once under /usr/bin/time and appends
# "ID wall_s rss_kib cpu_s" to raw.tsv. A contender whose file type crmready does not read yet
# is marked unsupported and skipped from then on; one that fails otherwise (a crash) is marked
# failed, skipped from then on, and makes run.sh exit 1 after the summary.
unsupported() { [ -f "$res/unsupported.$1" ]; }
failed() { [ -f "$res/failed.$1" ]; }
measure() {
	local id=$1 ok=$2
	shift 2
	unsupported "$id" && return 0
	failed "$id" && return 0
	local out=$res/$id.out err=$res/$id.err tf=$res/$id.time
	echo "/usr/bin/time -f '%e %M %U %S' $*" >>"$res/commands.txt"
	/usr/bin/time -o "$tf" -f '%e %M %U %S' "$@" >"$out" 2>"$err"
	local rc=$?
	case " $ok " in
	*" $rc "*) ;;
	*)
		if grep -q 'unsupported file type' "$err"; then
			log "$id: $(head -c 300 "$err")"
			touch "$res/unsupported.$id"
			return 0
		fi
		log "$id failed (exit $rc): $(head -c 500 "$err")"
		cp "$err" "$res/failed.$id"
		return 0
		;;
	esac
	tail -n 1 "$tf" | awk -v id="$id" '{ printf "%s\t%s\t%s\t%.2f\n", id, $1, $2, $3 + $4 }' >>"$raw"
	log "$id: $(tail -n 1 "$raw" | cut -f2-) $(head -c 200 "$out" | tr '\n' ' ')"
}

# rotate N ITEMS...: the items starting at position N mod count, so each repetition runs the
# contenders in a different order and none always runs first (or right after another).
rotate() {
	local n=$1
	shift
	local a=("$@") k=${#a[@]} i
	for ((i = 0; i < k; i++)); do echo "${a[$(((n + i) % k))]}"; done
}

# table TITLE REF IDS...: a Markdown table of medians; ratios are against REF's median.
table() {
	local title=$1 ref=$2
	shift 2
	echo
	echo "### $title"
	echo
	echo "| contender | runs | wall s (median) | wall s (min-max) | CPU s (median) | peak RSS MiB (median) | wall x ${ref#*.} | CPU x ${ref#*.} | RSS x ${ref#*.} |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	local refwall refcpu refrss
	refwall=$(median "$ref" 2) refcpu=$(median "$ref" 4) refrss=$(median "$ref" 3)
	for id in "$@"; do
		if unsupported "$id"; then
			echo "| ${id#*.} | - | pending: crmready does not read this file type yet | | | | | | |"
			continue
		fi
		if failed "$id"; then
			echo "| ${id#*.} | - | **failed**: $(grep -m1 . "$res/failed.$id" | cut -c1-120) (stderr: failed.$id) | | | | | | |"
			continue
		fi
		local n w lo hi c m
		n=$(awk -v id="$id" '$1 == id' "$raw" | wc -l)
		[ "$n" -gt 0 ] || continue
		w=$(median "$id" 2) c=$(median "$id" 4) m=$(median "$id" 3)
		lo=$(awk -v id="$id" '$1 == id { print $2 }' "$raw" | sort -g | head -1)
		hi=$(awk -v id="$id" '$1 == id { print $2 }' "$raw" | sort -g | tail -1)
		printf '| %s | %d | %.2f | %.2f-%.2f | %.2f | %.0f | %s | %s | %s |\n' "${id#*.}" "$n" "$w" "$lo" "$hi" "$c" \
			"$(awk -v k="$m" 'BEGIN { print k / 1024 }')" "$(ratio "$w" "$refwall")" "$(ratio "$c" "$refcpu")" "$(ratio "$m" "$refrss")"
	done
}

ratio() { if [ -n "$2" ]; then awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; else echo -; fi; }

# median ID FIELD: the median of a raw.tsv field (2 wall, 3 RSS KiB, 4 CPU) over ID's runs.
median() {
	awk -v id="$1" -v f="$2" '$1 == id { print $f }' "$raw" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# audit ID REPORT FILE: measures `crmready audit` (exit 1 is a NO-GO verdict, not a failure).
audit() { measure "$1" "0 1" "$bin/crmready" audit -c "$here/audit.yaml" --as-of "$as_of" -q --out "$2" "$3"; }

summary=$res/summary.md
{
	echo "## crmready benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "\`$invocation\` on $(nproc) cores, $(go version | cut -d' ' -f3), crmready $product_rev ($src);"
	echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)$(
		[ -r /proc/pressure/cpu ] && echo "; CPU pressure (some, avg60): $(awk '/some/ { sub("avg60=", "", $3); print $3 }' /proc/pressure/cpu)%"
	). Medians of $reps alternated runs (big data: $big_reps); wall time and peak RSS of the whole process (/usr/bin/time %e %M), CPU = user + system."
} >"$summary"

# ---- (a) reader bake-off -------------------------------------------------------------------
if want a; then
	for ((r = 0; r < reps; r++)); do
		for reader in $(rotate "$r" crmready xitongsys pqrows); do
			measure "a.$reader" 0 "$bin/readers" -reader "$reader" "$pq"
		done
	done
	# Every reader counts rows and empty cells alike: their lines must agree.
	counts=$(for f in "$res"/a.*.out; do [ -s "$f" ] && sed 's/.*\(rows=[0-9]* cells=[0-9]* empty=[0-9]*\).*/\1/' "$f"; done | sort -u)
	{
		table "(a) Reading $(basename "$pq") (all columns, all rows)" a.pqrows a.crmready a.xitongsys a.pqrows
		echo
		if [ "$(echo "$counts" | wc -l)" -eq 1 ]; then
			echo "All readers read the same: $counts."
		else
			echo "**Readers disagree**: $(echo "$counts" | tr '\n' ';')"
		fi
	} >>"$summary"
fi

# ---- (b) crmready audit vs DuckDB ----------------------------------------------------------
if want b; then
	for ((r = 0; r < reps; r++)); do
		for c in $(rotate "$r" crmready-parquet duckdb crmready-csv); do
			case $c in
			crmready-parquet) audit b.crmready-parquet "$res/report.parquet.json" "$pq" ;;
			crmready-csv) audit b.crmready-csv "$res/report.csv.json" "$csv" ;;
			duckdb) measure b.duckdb 0 "$bin/duck" -as-of "$as_of" -max-age 180 -out "$res/duck.json" "$pq" ;;
			esac
		done
	done
	{
		table "(b) Audit of $(basename "$pq"): crmready vs DuckDB SQL (completeness, duplicate emails, staleness)" \
			b.duckdb b.crmready-parquet b.duckdb b.crmready-csv
		echo
		echo "crmready-csv audits the same rows written as CSV; DuckDB reads the Parquet file."
		if unsupported b.crmready-parquet; then
			echo "Target (crmready on Parquet <= 1.5x DuckDB's wall time, peak RSS no higher): **pending**, crmready does not read Parquet on this checkout."
		elif failed b.crmready-parquet; then
			echo "Target (crmready on Parquet <= 1.5x DuckDB's wall time, peak RSS no higher): **not measured**, crmready failed."
		else
			awk -v cw="$(median b.crmready-parquet 2)" -v dw="$(median b.duckdb 2)" \
				-v cm="$(median b.crmready-parquet 3)" -v dm="$(median b.duckdb 3)" 'BEGIN {
				ok = cw <= 1.5 * dw && cm <= dm
				printf "Target (crmready on Parquet <= 1.5x DuckDB wall time, peak RSS no higher): %s (wall %.2fx, RSS %.2fx).\n",
					ok ? "**met**" : "**missed**", cw / dw, cm / dm
				exit !ok }' && met=1 || met=0
		fi
		for f in parquet csv; do
			[ -f "$res/report.$f.json" ] || continue
			echo
			echo "Figures both computed (crmready on $f, DuckDB on Parquet):"
			echo
			"$bin/compare" -label "crmready ($f)" -report "$res/report.$f.json" -duck "$res/duck.json" 2>&1
		done
	} >>"$summary"
	# CPU profile of the audit when the target is missed (or asked for: on the CSV file while
	# crmready does not read Parquet).
	target=$pq
	unsupported b.crmready-parquet && target=$csv
	if [ "$force_profile" = 1 ] || [ "${met:-1}" = 0 ]; then
		log "profiling the audit of $(basename "$target")"
		"$bin/profile" -config "$here/audit.yaml" -as-of "$as_of" -cpuprofile "$res/cpu.prof" \
			-memprofile "$res/heap.prof" "$target" >"$res/profile.out" 2>&1 || die "profile failed: $(cat "$res/profile.out")"
		go tool pprof -top -nodecount 25 "$bin/profile" "$res/cpu.prof" >"$res/pprof.top" 2>/dev/null
		go tool pprof -top -cum -nodecount 25 "$bin/profile" "$res/cpu.prof" >"$res/pprof.cum" 2>/dev/null
		{
			echo
			echo "CPU profile of the audit of $(basename "$target") (\`$bin/profile -config audit.yaml -as-of $as_of -cpuprofile cpu.prof FILE\`; $(cat "$res/profile.out")), top by flat time:"
			echo
			echo '```'
			sed -n '5,32p' "$res/pprof.top"
			echo '```'
			echo
			echo "Cumulative (\`go tool pprof -top -cum\`): see $res/pprof.cum"
		} >>"$summary"
	fi
fi

# ---- (c) XLSX read -------------------------------------------------------------------------
if want c; then
	for ((r = 0; r < reps; r++)); do
		for reader in $(rotate "$r" crmready excelize); do
			measure "c.$reader" 0 "$bin/readers" -reader "$reader" "$xlsx"
		done
	done
	table "(c) Reading $(basename "$xlsx") (one sheet, 15 columns)" c.excelize c.crmready c.excelize >>"$summary"
	echo >>"$summary"
	echo "excelize = excelize Rows() with RawCellValue: the floor under an excelize-based reader." >>"$summary"
fi

# ---- (d) big Parquet audit -----------------------------------------------------------------
if want d; then
	for ((r = 0; r < big_reps; r++)); do
		audit d.crmready-parquet "$res/report.big.json" "$big"
		measure d.duckdb 0 "$bin/duck" -as-of "$as_of" -max-age 180 -out "$res/duck.big.json" "$big"
		if [ "$big_csv" = 1 ]; then
			audit d.crmready-csv "$res/report.big.csv.json" "$big_csvf"
		fi
	done
	{
		table "(d) Audit of $(basename "$big") ($big_groups row groups)" d.duckdb d.crmready-parquet d.duckdb d.crmready-csv
		echo
		if unsupported d.crmready-parquet; then
			echo "Target (peak RSS < 2 GiB): **pending**, crmready does not read Parquet on this checkout."
		elif failed d.crmready-parquet; then
			echo "Target (peak RSS < 2 GiB): **not measured**, crmready failed."
		else
			awk -v m="$(median d.crmready-parquet 3)" 'BEGIN { ok = m < 2 * 1024 * 1024
				printf "Target (peak RSS < 2 GiB): %s (%.0f MiB).\n", ok ? "**met**" : "**missed**", m / 1024; exit !ok }' &&
				big_met=1 || big_met=0
		fi
		for f in big big.csv; do
			[ -f "$res/report.$f.json" ] || continue
			echo
			echo "Figures both computed (crmready on $f, DuckDB on Parquet):"
			echo
			"$bin/compare" -label "crmready ($f)" -report "$res/report.$f.json" -duck "$res/duck.big.json" 2>&1
		done
	} >>"$summary"
	# Heap profile near the peak when the memory target is missed (or asked for).
	target=$big
	unsupported d.crmready-parquet && target=$big_csvf
	if [ -f "$target" ] && { [ "$force_profile" = 1 ] || [ "${big_met:-1}" = 0 ]; }; then
		log "heap profile of the audit of $(basename "$target")"
		"$bin/profile" -config "$here/audit.yaml" -as-of "$as_of" -cpuprofile "$res/cpu.big.prof" \
			-memprofile "$res/heap.big.prof" "$target" >"$res/profile.big.out" 2>&1 ||
			die "profile failed: $(cat "$res/profile.big.out")"
		{
			echo
			echo "Heap profile of the audit of $(basename "$target") near its peak (\`profile -memprofile\`; $(cat "$res/profile.big.out")), live bytes by allocation site:"
			echo
			echo '```'
			go tool pprof -top -sample_index=inuse_space -nodecount 15 "$bin/profile" "$res/heap.big.prof" 2>/dev/null | sed -n '5,22p'
			echo '```'
		} >>"$summary"
	fi
fi

{
	echo
	echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg). Raw runs: $raw; commands: $res/commands.txt."
} >>"$summary"
cat "$summary"
echo
echo "Commands run (one line per distinct command):"
sort -u "$res/commands.txt" | sed "s#$here/##g"
if ls "$res"/failed.* >/dev/null 2>&1; then
	log "some runs failed: $(cd "$res" && ls failed.* | sed 's/^failed\.//' | tr '\n' ' ')"
	exit 1
fi
