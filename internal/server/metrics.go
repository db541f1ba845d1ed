package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus series: requests and latency per
// route pattern (never per entity id: labels must stay few).
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(adm *admission) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	inFlight := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "mosaic_http_reads_in_flight", Help: "Read requests running now (the rest wait their turn).",
	}, func() float64 { return float64(adm.inFlight()) })
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mosaic_http_requests_total", Help: "API requests by route and status.",
	}, []string{"route", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "mosaic_http_request_seconds", Help: "API request latency by route.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
	}, []string{"route"})
	m.reg.MustRegister(m.requests, m.latency, inFlight, collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(route string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
