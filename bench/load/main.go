// Command load measures "zhsearch serve" under concurrent searches: it
// builds the zhsearch binary and an index of each corpus, starts the server
// on a free loopback port, and has 4, then 64, clients send searches one
// after another, each as soon as its last was answered, for a bounded time
// and number of requests. It prints answered searches a second, the median
// and 99th percentile latency, the share of answers that were not 200
// (only 503, "busy", is allowed; anything else is an error, exit 1), and
// the server's CPU time a request, which depends less than the rest on what
// else the machine is doing.
// "make bench" runs it.
//
//	go run ./bench/load [-corpus reports|all|speech | -index DIR] [-clients 4,64] [-duration 5s] [-baseline BIN]
//
// Two mixes of searches are sent: "distinct", a different search every
// request, which measures searching; and "common", sixteen searches over
// and over, as many people looking for the same things, which a server
// may answer from a cache.
//
// -baseline names another zhsearch binary (an older build, say) to measure
// the same way, on the same index, for a before/after table.
//
// The server and the clients share the machine, so the figures are those
// of a server with what the clients leave of it; they compare builds, not
// machines. Only loopback addresses are ever contacted.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zhsearch/zhsearch/bench/internal/machine"
)

// common are what many people type into the search page: one or two
// keywords, a phrase, OR, an exclusion, a field, and later pages. In the
// "common" mix each client goes through them from its own starting point,
// so most answers can come from the server's cache of recent answers.
var common = []url.Values{
	{"q": {"安全生产"}},
	{"q": {"高质量发展"}},
	{"q": {"乡村振兴"}},
	{"q": {"经济 增长"}},
	{"q": {`"营商环境"`}},
	{"q": {"改革 OR 创新"}},
	{"q": {"就业 -农村"}},
	{"q": {"生态环境 保护"}},
	{"q": {"科技创新"}, "offset": {"10"}},
	{"q": {"人民群众"}},
	{"q": {"title:报告 教育"}},
	{"q": {"非煤矿山"}},
	{"q": {"社会保障 医疗"}},
	{"q": {"安全生产"}, "offset": {"20"}},
	{"q": {"粮食 安全"}},
	{"q": {"对外开放"}},
}

// keywords make the "distinct" mix: two of them and a page, a different
// search every request (64×63/2 pairs × 10 pages), so that no answer can
// come from a cache and the figures are those of searching.
var keywords = strings.Fields(`发展 经济 改革 建设 社会 人民 安全 创新 企业 农村 城市 教育 就业 环境 科技 文化
	医疗 投资 产业 市场 政府 服务 制度 管理 生产 质量 开放 民生 法治 生态 能源 交通 住房 粮食 工业 农业 金融 财政
	税收 收入 消费 贸易 人才 健康 养老 扶贫 乡村 基础设施 数字 制造业 水利 治理 监管 稳定 保障 资源 地区 国际 合作
	科学 技术 标准 风险 体制`)

// distinct is the i-th search of the distinct mix.
func distinct(i int) url.Values {
	pairs := len(keywords) * (len(keywords) - 1) / 2
	page, pair := (i/pairs)%10, i%pairs
	a := 0
	for pair >= len(keywords)-1-a {
		pair -= len(keywords) - 1 - a
		a++
	}
	b := a + 1 + pair
	return url.Values{"q": {keywords[a] + " " + keywords[b]}, "offset": {strconv.Itoa(10 * page)}}
}

// A mix says which search a client sends: the i-th of a run, from a
// counter shared by the clients (and, for the distinct mix, by every run
// against one server).
type mix struct {
	name  string
	query func(i int) url.Values
}

// maxRequests bounds the requests of one run whatever its duration.
const maxRequests = 200000

// A corpus is folders to index, or an index already built.
type corpus struct {
	name  string
	paths []string
	index string
}

func main() {
	only := flag.String("corpus", "", "measure only the corpus with this name (speech, reports, all)")
	clientsFlag := flag.String("clients", "4,64", "numbers of concurrent clients, comma-separated")
	duration := flag.Duration("duration", 5*time.Second, "how long each run sends requests (at most 60s)")
	baseline := flag.String("baseline", "", "another zhsearch binary to measure the same way, for comparison")
	existing := flag.String("index", "", "measure this index instead of building those of the corpora")
	flag.Parse()
	var levels []int
	for _, s := range strings.Split(*clientsFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 1024 {
			fail(fmt.Errorf("-clients %q: want numbers from 1 to 1024", *clientsFlag))
		}
		levels = append(levels, n)
	}
	if *duration <= 0 || *duration > time.Minute {
		fail(fmt.Errorf("-duration %v: want more than 0 and at most 1m", *duration))
	}

	work, err := os.MkdirTemp("", "zhsearch-load")
	check(err)
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "zhsearch")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/zhsearch").CombinedOutput(); err != nil {
		fail(fmt.Errorf("go build ./cmd/zhsearch: %v\n%s", err, out))
	}
	servers := []server{{"this build", bin}}
	if *baseline != "" {
		abs, err := filepath.Abs(*baseline)
		check(err)
		servers = append([]server{{"baseline", abs}}, servers...)
	}

	corpora := []corpus{{name: "speech", paths: []string{"testdata/speech.txt"}}}
	shared := "../shared/corpus"
	if _, err := os.Stat(shared); err == nil {
		// The whole corpus is the 64 MB of laws and reports, as bench/compare
		// measures it.
		corpora = append(corpora, corpus{name: "reports", paths: []string{filepath.Join(shared, "reports")}},
			corpus{name: "all", paths: []string{filepath.Join(shared, "laws"), filepath.Join(shared, "reports")}})
		if *only == "" {
			corpora = corpora[1:] // the speech is too small to say much
		}
	} else {
		fmt.Printf("note: %s is not here; measuring the reference speech only\n\n", shared)
	}
	fmt.Printf("machine: %d cores, %s; %s; load average %s; %v a run, closed loop (each client sends its next search when the last is answered)\n\n",
		runtime.NumCPU(), machine.CPUModel(), runtime.Version(), machine.LoadAverage(), *duration)
	fmt.Println("| corpus | server | mix | clients | requests | answered/s | p50 | p99 | non-200 | errors (neither 200 nor 503) | server CPU an answer | server peak memory |")
	fmt.Println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	if *existing != "" {
		corpora = []corpus{{name: filepath.Base(*existing), index: *existing}}
	}
	bad := false
	for _, c := range corpora {
		if *only != "" && c.name != *only && c.index == "" {
			continue
		}
		dir := c.index
		if dir == "" {
			dir = filepath.Join(work, c.name)
			idx := exec.Command(bin, append([]string{"index", "--quiet", "--index", dir}, c.paths...)...)
			if out, err := idx.CombinedOutput(); err != nil && idx.ProcessState.ExitCode() != 1 {
				fail(fmt.Errorf("zhsearch index %s: %v\n%s", strings.Join(c.paths, " "), err, out))
			}
		}
		for _, s := range servers {
			if !measureServer(c, s, dir, levels, *duration) {
				bad = true
			}
		}
	}
	if bad {
		fmt.Fprintln(os.Stderr, "load: some answers were neither 200 nor 503 (see above)")
		os.Exit(1)
	}
}

type server struct{ name, bin string }

// measureServer starts one server on the index in dir, runs every level of
// clients against it, stops it and prints a row a level. It reports false
// when an answer was neither 200 nor 503.
func measureServer(c corpus, s server, dir string, levels []int, d time.Duration) bool {
	cmd := exec.Command(s.bin, "serve", "--index", dir, "--addr", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	check(err)
	check(cmd.Start())
	addr, err := serverAddr(stderr)
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		fail(fmt.Errorf("%s serve: %v", s.bin, err))
	}
	go io.Copy(io.Discard, stderr)
	ok := true
	var rows []result
	var next atomic.Int64 // of the distinct mix, never reset: no search twice
	mixes := []mix{
		{"distinct", func(int) url.Values { return distinct(int(next.Add(1))) }},
		{"common", func(i int) url.Values { return common[i%len(common)] }},
	}
	for _, m := range mixes {
		for _, n := range levels {
			before := cpuTime(cmd.Process.Pid)
			r := run(addr, m, n, d)
			r.serverCPU = cpuTime(cmd.Process.Pid) - before
			ok = ok && r.ok()
			rows = append(rows, r)
		}
	}
	cmd.Process.Signal(os.Interrupt)
	cmd.Wait()
	peak := "?"
	if rss := machine.PeakRSS(cmd.ProcessState); rss > 0 {
		peak = fmt.Sprintf("%.0f MiB", float64(rss)/(1<<20))
	}
	for _, r := range rows {
		cpu := "?"
		if n := r.status[http.StatusOK]; r.serverCPU > 0 && n > 0 {
			cpu = ms(r.serverCPU / time.Duration(n))
		}
		fmt.Printf("| %s | %s | %s | %d | %d | %.0f | %s | %s | %s | %d | %s | %s |\n", c.name, s.name, r.mix, r.clients, r.requests(),
			float64(r.status[http.StatusOK])/r.elapsed.Seconds(), ms(r.percentile(50)), ms(r.percentile(99)), r.non200(), r.errors(), cpu, peak)
	}
	return ok
}

// serverAddr reads the server's stderr up to the line naming its address,
// and checks that the address is a loopback one.
func serverAddr(stderr io.Reader) (string, error) {
	re := regexp.MustCompile(`at http://([^/ ]+)/`)
	sc := bufio.NewScanner(stderr)
	deadline := time.AfterFunc(2*time.Minute, func() {
		if c, ok := stderr.(io.Closer); ok {
			c.Close()
		}
	})
	defer deadline.Stop()
	for sc.Scan() {
		m := re.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		host, _, err := net.SplitHostPort(m[1])
		if err != nil {
			return "", err
		}
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			return "", fmt.Errorf("the server listens on %s, not a loopback address", m[1])
		}
		return m[1], nil
	}
	return "", errors.New("it stopped before saying where it listens")
}

// result is what one run of clients got.
type result struct {
	mix       string
	clients   int
	elapsed   time.Duration
	latencies []time.Duration // of every answer
	status    map[int]int     // answers by status; 0 for a failed request
	errs      []string        // a few failed requests and unexpected answers
	serverCPU time.Duration   // user and system time the server spent
}

func (r result) requests() int { return len(r.latencies) }

func (r result) ok() bool {
	for code := range r.status {
		if code != http.StatusOK && code != http.StatusServiceUnavailable {
			return false
		}
	}
	return true
}

// errors counts the answers that were neither 200 nor 503, and the
// requests that got no answer.
func (r result) errors() int {
	return r.requests() - r.status[http.StatusOK] - r.status[http.StatusServiceUnavailable]
}

func (r result) percentile(p int) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.latencies[(len(r.latencies)-1)*p/100]
}

func (r result) non200() string {
	n := r.requests() - r.status[http.StatusOK]
	if n == 0 {
		return "0"
	}
	var parts []string
	for _, code := range slices.Sorted(func(yield func(int) bool) {
		for c := range r.status {
			if !yield(c) {
				return
			}
		}
	}) {
		if code != http.StatusOK {
			name := strconv.Itoa(code)
			if code == 0 {
				name = "failed"
			}
			parts = append(parts, fmt.Sprintf("%d %s", r.status[code], name))
		}
	}
	s := fmt.Sprintf("%.1f%% (%s)", 100*float64(n)/float64(r.requests()), strings.Join(parts, ", "))
	for _, e := range r.errs {
		s += "; " + e
	}
	return s
}

// run has n clients search addr for d, sending the searches of m, after a
// short warm-up.
func run(addr string, m mix, n int, d time.Duration) result {
	client := &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			// Only the one server: never a proxy, never another address.
			Proxy:               nil,
			MaxIdleConnsPerHost: n,
			DialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
				if a != addr {
					return nil, fmt.Errorf("refusing to dial %s: only the server at %s", a, addr)
				}
				return (&net.Dialer{}).DialContext(ctx, network, a)
			},
		},
	}
	defer client.CloseIdleConnections()
	get := func(q url.Values) (int, string) {
		resp, err := client.Get("http://" + addr + "/api/search?" + q.Encode())
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
		if err != nil {
			return 0, err.Error()
		}
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusServiceUnavailable {
			return resp.StatusCode, fmt.Sprintf("%d for %s: %.200s", resp.StatusCode, q.Encode(), body)
		}
		return resp.StatusCode, ""
	}
	// Warm-up: every common search once, so that the run measures a warm
	// server.
	for _, q := range common {
		get(q)
	}

	var (
		mu  sync.Mutex
		res = result{mix: m.name, clients: n, status: map[int]int{}}
		wg  sync.WaitGroup
	)
	start := time.Now()
	stop := start.Add(d)
	var sent atomic.Int64
	for c := range n {
		wg.Go(func() {
			var lat []time.Duration
			status := map[int]int{}
			var errs []string
			for i := c * 7; time.Now().Before(stop); i++ {
				if sent.Add(1) > maxRequests {
					break
				}
				t := time.Now()
				code, e := get(m.query(i))
				lat = append(lat, time.Since(t))
				status[code]++
				if e != "" && len(errs) < 3 {
					errs = append(errs, e)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			res.latencies = append(res.latencies, lat...)
			for k, v := range status {
				res.status[k] += v
			}
			if len(res.errs) < 3 {
				res.errs = append(res.errs, errs[:min(len(errs), 3-len(res.errs))]...)
			}
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	slices.Sort(res.latencies)
	return res
}

// cpuTime is the user and system time process pid has used, from Linux's
// /proc; 0 elsewhere.
func cpuTime(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses and may
	// hold spaces: utime and stime are the 12th and 13th, in clock ticks
	// (100 a second on Linux).
	_, rest, ok := strings.Cut(string(data), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * (time.Second / 100)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func check(err error) {
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "load:", err)
	os.Exit(2)
}
