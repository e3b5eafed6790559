// Command crmready audits CRM extracts and says, per AI use case, whether the data is ready.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
