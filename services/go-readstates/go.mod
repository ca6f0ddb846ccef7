module readstates/go-readstates

go 1.19
