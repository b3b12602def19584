module github.com/rtcprice/rtcprice

go 1.26.8

require (
	github.com/hack-pad/safejs v0.1.0
	github.com/shopspring/decimal v1.6.0
	github.com/stretchr/testify v1.12.1
)

require go.yaml.in/yaml/v3 v3.0.5 // indirect
