package extract_test

import (
	"testing"
	"time"

	"github.com/crmready/crmready/extract"
)

func TestParseTime(t *testing.T) {
	const invalid = "invalid"
	mdy, dmy := extract.MDY, extract.DMY
	tests := []struct {
		name  string
		in    string
		order extract.DateOrder
		want  string // RFC 3339 in UTC, or invalid
	}{
		// ISO 8601 and Salesforce Data Loader: year first reads the same in every order.
		{"iso date", "2026-11-25", mdy, "2026-11-25T00:00:00Z"},
		{"iso date read as D/M/Y", "2026-11-25", dmy, "2026-11-25T00:00:00Z"},
		{"iso date single digits", "2026-1-5", mdy, "2026-01-05T00:00:00Z"},
		{"iso date slashes", "2026/11/25", dmy, "2026-11-25T00:00:00Z"},
		{"surrounding space", "  2026-11-25 ", mdy, "2026-11-25T00:00:00Z"},
		{"data loader", "2026-11-25T15:04:05.000Z", mdy, "2026-11-25T15:04:05Z"},
		{"data loader millis", "2026-11-25T15:04:05.123Z", mdy, "2026-11-25T15:04:05.123Z"},
		{"nanoseconds cut to millis", "2026-11-25T15:04:05.123456789Z", mdy, "2026-11-25T15:04:05.123Z"},
		{"one fraction digit", "2026-11-25T15:04:05.5Z", mdy, "2026-11-25T15:04:05.5Z"},
		{"data loader +0000", "2026-11-25T15:04:05.000+0000", mdy, "2026-11-25T15:04:05Z"},
		{"offset +01:00", "2026-11-25T15:04:05+01:00", mdy, "2026-11-25T14:04:05Z"},
		{"offset +0100", "2026-11-25T15:04:05+0100", mdy, "2026-11-25T14:04:05Z"},
		{"offset -05:30", "2026-11-25T15:04:05-05:30", mdy, "2026-11-25T20:34:05Z"},
		{"offset crosses midnight", "2026-01-01T00:30:00+01:00", mdy, "2025-12-31T23:30:00Z"},
		{"no zone is UTC", "2026-11-25T15:04:05", mdy, "2026-11-25T15:04:05Z"},
		{"UTC word", "2026-11-25 15:04:05 UTC", mdy, "2026-11-25T15:04:05Z"},
		{"GMT word", "2026-11-25 15:04 gmt", mdy, "2026-11-25T15:04:00Z"},
		{"fivetran", "2019-10-17 21:10:19", mdy, "2019-10-17T21:10:19Z"},
		{"hubspot", "2020-01-10 10:00", mdy, "2020-01-10T10:00:00Z"},
		// Numeric dates whose order the column decides.
		{"us date", "1/12/2026", mdy, "2026-01-12T00:00:00Z"},
		{"us date read as D/M/Y", "1/12/2026", dmy, "2026-12-01T00:00:00Z"},
		{"us date, day above 12", "12/25/2026", mdy, "2026-12-25T00:00:00Z"},
		{"day above 12 in the wrong order", "12/25/2026", dmy, invalid},
		{"us date and time", "1/12/2026 14:03", mdy, "2026-01-12T14:03:00Z"},
		{"us date 2:03 PM", "1/12/2026 2:03 PM", mdy, "2026-01-12T14:03:00Z"},
		{"us date 2:03 pm no space", "1/12/2026 2:03pm", mdy, "2026-01-12T14:03:00Z"},
		{"12:15 AM is after midnight", "1/12/2026 12:15 AM", mdy, "2026-01-12T00:15:00Z"},
		{"12:15 PM is after noon", "1/12/2026 12:15 PM", mdy, "2026-01-12T12:15:00Z"},
		{"seconds and PM", "1/12/2026 11:59:59 PM", mdy, "2026-01-12T23:59:59Z"},
		{"hour 0 with AM", "1/12/2026 0:15 AM", mdy, invalid},
		{"hour 13 with PM", "1/12/2026 13:15 PM", mdy, invalid},
		{"eu date and time", "12.01.2026 14:03", dmy, "2026-01-12T14:03:00Z"},
		{"eu date with seconds", "25.12.2026 14:03:07", dmy, "2026-12-25T14:03:07Z"},
		{"eu date dashes", "25-12-2026", dmy, "2026-12-25T00:00:00Z"},
		{"time of day alone is not a date", "2:03 PM", mdy, invalid},
		{"time 14:03 alone", "14:03", mdy, invalid},
		// Month names (Zoho, Salesforce reports, Excel).
		{"zoho", "15 Apr, 2021 00:03:00", mdy, "2021-04-15T00:03:00Z"},
		{"zoho read as D/M/Y", "15 Apr, 2021 00:03:00", dmy, "2021-04-15T00:03:00Z"},
		{"zoho with PM", "15 Apr, 2021 03:04 PM", mdy, "2021-04-15T15:04:00Z"},
		{"month first", "Apr 15, 2021", dmy, "2021-04-15T00:00:00Z"},
		{"month first full name", "April 15 2021", mdy, "2021-04-15T00:00:00Z"},
		{"month first with time", "Apr 15, 2021 10:30", mdy, "2021-04-15T10:30:00Z"},
		{"month abbreviation with a period", "Sept. 5, 2021", mdy, "2021-09-05T00:00:00Z"},
		{"day month year", "15-Apr-2021", mdy, "2021-04-15T00:00:00Z"},
		{"day month year upper case", "15-APR-2021", mdy, "2021-04-15T00:00:00Z"},
		{"day month two-digit year", "15-Apr-21", mdy, "2021-04-15T00:00:00Z"},
		{"day month year spaces", "5 December 2021", mdy, "2021-12-05T00:00:00Z"},
		{"not a month name", "15 Foo, 2021", mdy, invalid},
		{"month name without a day", "Apr 2021", mdy, invalid},
		{"month name alone", "March", mdy, invalid},
		{"Apr 31", "Apr 31, 2021", mdy, invalid},
		// Two-digit years: 00-29 are 2000s, 30-99 1900s (as Excel reads them).
		{"two-digit year 26", "1/12/26", mdy, "2026-01-12T00:00:00Z"},
		{"two-digit year 29", "1/12/29", mdy, "2029-01-12T00:00:00Z"},
		{"two-digit year 30", "1/12/30", mdy, "1930-01-12T00:00:00Z"},
		{"two-digit year 99 dotted", "12.01.99", dmy, "1999-01-12T00:00:00Z"},
		{"three-digit year", "1/12/202", mdy, invalid},
		// Invalid days and months.
		{"feb 30", "2026-02-30", mdy, invalid},
		{"feb 29 in a common year", "2026-02-29", mdy, invalid},
		{"feb 29 in a leap year", "2028-02-29", mdy, "2028-02-29T00:00:00Z"},
		{"feb 29 in 1900", "1900-02-29", mdy, invalid},
		{"feb 29 in 2000", "2000-02-29", mdy, "2000-02-29T00:00:00Z"},
		{"april 31", "4/31/2026", mdy, invalid},
		{"month 13", "2026-13-01", mdy, invalid},
		{"month 0", "2026-00-10", mdy, invalid},
		{"day 0", "0/5/2026", dmy, invalid},
		{"both numbers above 12", "13/13/2026", dmy, invalid},
		{"hour 24", "2026-11-25 24:00", mdy, invalid},
		{"minute 60", "2026-11-25 10:60", mdy, invalid},
		{"one-digit minute", "2026-11-25 10:5", mdy, invalid},
		{"hour without minutes", "2026-11-25T15", mdy, invalid},
		{"empty fraction", "2026-11-25T15:04:05.Z", mdy, invalid},
		{"offset one digit", "2026-11-25T15:04:05+1", mdy, invalid},
		{"offset without minutes after colon", "2026-11-25T15:04:05+01:", mdy, invalid},
		{"offset one-digit minutes", "2026-11-25T15:04:05+01:3", mdy, invalid},
		{"offset hours out of range", "2026-11-25T15:04:05+25:00", mdy, invalid},
		{"offset minutes out of range", "2026-11-25T15:04:05+01:75", mdy, invalid},
		{"trailing garbage", "2026-11-25 10:00 tomorrow", mdy, invalid},
		{"trailing letter", "2026-11-25x", mdy, invalid},
		// Things that are not dates.
		{"empty", "", mdy, invalid},
		{"spaces", "   ", mdy, invalid},
		{"word", "Email Opened", mdy, invalid},
		{"number", "20260101", mdy, invalid},
		{"decimal", "12.5", mdy, invalid},
		{"version number", "1.5.2", mdy, invalid},
		{"ip address", "10.0.0.1", mdy, invalid},
		{"phone", "555-123-4567", mdy, invalid},
		{"five-digit year", "20261-01-01", mdy, invalid},
		{"unicode", "2026-11-25é", mdy, invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, ok := extract.ParseTime(tt.in, tt.order)
			got := invalid
			if ok {
				got = time.UnixMilli(ms).UTC().Format(time.RFC3339Nano)
			}
			if got != tt.want {
				t.Errorf("ParseTime(%q, %s) = %s, want %s", tt.in, tt.order, got, tt.want)
			}
		})
	}
}

func TestFormatTime(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"midnight drops the time", "2026-11-25T00:00:00Z", "2026-11-25"},
		{"seconds", "2026-11-25T15:04:05Z", "2026-11-25T15:04:05Z"},
		{"milliseconds", "2026-11-25T15:04:05.120Z", "2026-11-25T15:04:05.120Z"},
		{"one millisecond after midnight", "2026-11-25T00:00:00.001Z", "2026-11-25T00:00:00.001Z"},
		{"before 1970", "1969-07-20T20:17:40Z", "1969-07-20T20:17:40Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := time.Parse(time.RFC3339Nano, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := extract.FormatTime(in.UnixMilli()); got != tt.want {
				t.Errorf("FormatTime(%s) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestDateOrderString(t *testing.T) {
	if got := extract.MDY.String(); got != "M/D/Y" {
		t.Errorf("MDY.String() = %q, want M/D/Y", got)
	}
	if got := extract.DMY.String(); got != "D/M/Y" {
		t.Errorf("DMY.String() = %q, want D/M/Y", got)
	}
}

func TestInferDateOrder(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		order  extract.DateOrder
		note   string
	}{
		{"iso dates need no order", []string{"2026-11-25", "2026-01-02"}, extract.MDY, ""},
		{"month names need no order", []string{"15 Apr, 2021 00:03:00", "Apr 15, 2021", "15-Apr-2021"}, extract.MDY, ""},
		{"a day above 12 first proves D/M/Y", []string{"01/02/2026", "25/12/2026", "03/04/2026"}, extract.DMY, ""},
		{"a day above 12 second proves M/D/Y", []string{"01/02/2026", "12/25/2026", "03/04/2026"}, extract.MDY, ""},
		{"proof with times", []string{"13.01.2026 14:03", "01.02.2026 09:00"}, extract.DMY, ""},
		{"proof among blanks and null tokens", []string{"", "N/A", "1/2/2026", "-", "2/13/2026"}, extract.MDY, ""},
		{"proof with two-digit years", []string{"1/2/26", "28/2/26"}, extract.DMY, ""},
		{"ambiguous slashes read as M/D/Y", []string{"01/02/2026", "03/04/2026", "12/11/2026"},
			extract.MDY, "day/month order not provable (no day above 12 in 3 dates): read as M/D/Y"},
		{"ambiguous dots read as D/M/Y", []string{"01.02.2026", "03.04.2026"},
			extract.DMY, "day/month order not provable (no day above 12 in 2 dates): read as D/M/Y"},
		{"ambiguous among iso dates", []string{"2026-01-01", "2026-02-02", "2026-03-03", "2026-04-04", "2026-05-05", "2026-06-06", "2026-07-07", "2026-08-08", "2026-09-09", "01/02/2026"},
			extract.MDY, "day/month order not provable (no day above 12 in 1 date): read as M/D/Y"},
		{"half and half is reported", []string{"25/12/2026", "12/25/2026"},
			extract.MDY, "dates mix day/month orders (1 only valid as D/M/Y, 1 only as M/D/Y): read as M/D/Y, the others are unparsed"},
		{"mixed, D/M/Y majority", []string{"25/12/2026", "26/12/2026", "27/12/2026", "12/28/2026", "01/01/2026"},
			extract.DMY, "dates mix day/month orders (3 only valid as D/M/Y, 1 only as M/D/Y): read as D/M/Y, the others are unparsed"},
		{"mixed, M/D/Y majority", []string{"25/12/2026", "12/26/2026", "12/27/2026"},
			extract.MDY, "dates mix day/month orders (1 only valid as D/M/Y, 2 only as M/D/Y): read as M/D/Y, the others are unparsed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inf := extract.Infer(tt.values)
			if inf.Type != extract.Time {
				t.Fatalf("Infer(%q).Type = %s, want time", tt.values, inf.Type)
			}
			if inf.Order != tt.order || inf.Note != tt.note {
				t.Errorf("Infer(%q) = order %s, note %q; want %s, %q", tt.values, inf.Order, inf.Note, tt.order, tt.note)
			}
		})
	}
}
