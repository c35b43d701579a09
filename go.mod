module github.com/kmssim/kmssim

go 1.24
