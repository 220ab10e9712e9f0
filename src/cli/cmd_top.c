/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_top.c - `psutil top`: a live process viewer like procps top(1), on ncurses.
 * Header: uptime, users, load, task counts by state, the CPUs (one bar each, or one line;
 * key 1 toggles), memory and swap; then the processes (PID USER PR NI VIRT RES SHR S %CPU
 * %MEM TIME+ COMMAND) sorted by CPU. Keys as top's: P M T N sort, arrows PgUp PgDn Home
 * End scroll, k kill, r renice, u user filter, / and o command filter, = clear filters,
 * h help, q quit; a key redraws the last sample, only the delay takes a new one. -d, -n,
 * -b (batch: plain text report after report), -p, -u and -o as top's. Values too wide for
 * their column switch to a larger unit (as top's scaling) so columns never shift.
 */
#include <curses.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <term.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define TOP_USAGE "psutil top [-d SECONDS] [-b] [-n COUNT] [-p PID[,PID...]] [-u USER] [-o FIELD]"
#define FIELDS                                                                                     \
    (PSUTIL_PF_NAME | PSUTIL_PF_EUSER | PSUTIL_PF_STATUS | PSUTIL_PF_CPU_TIMES |                   \
     PSUTIL_PF_MEMORY | PSUTIL_PF_SHARED | PSUTIL_PF_NICE | PSUTIL_PF_NUM_THREADS |                \
     PSUTIL_PF_CMDLINE)

enum sort_by { BY_CPU, BY_MEM, BY_TIME, BY_PID, BY_RES, BY_VIRT };

struct view {
    const psutil_proc_row_t *rows; /* the monitor's, until its next refresh */
    const psutil_proc_rate_t *rates;
    size_t n;
    size_t *order; /* rows shown, sorted: n_shown of them */
    size_t n_shown;
    enum sort_by by;
    /* Filters, as top's -p, -u / u and o / '/'. */
    long *pids;
    size_t npids;
    int by_uid;
    long uid;
    char match[128]; /* case-insensitive substring of COMMAND, "" for none */
    int percpu;      /* one bar per CPU (key 1), else one line for all */
    size_t scroll;   /* rows scrolled past */
};

/* A row's sort key, taken once per arrange: comparisons then touch a compact array,
 * not rows hundreds of bytes apart. Larger values first, ties by pid. */
struct sort_key {
    double v;
    psutil_pid_t pid;
    size_t i;
};

static double key_of(const struct view *v, size_t i)
{
    const psutil_proc_row_t *r = &v->rows[i];
    switch (v->by) {
    case BY_CPU:
        return v->rates[i].cpu_percent;
    case BY_MEM:
    case BY_RES:
        return (double)r->rss;
    case BY_TIME:
        return r->cpu.user + r->cpu.system;
    case BY_VIRT:
        return (double)r->vms;
    case BY_PID:
        break;
    }
    return 0;
}

static int cmp_keys(const void *x, const void *y)
{
    const struct sort_key *a = x, *b = y;
    if (a->v != b->v)
        return a->v > b->v ? -1 : 1;
    return a->pid < b->pid ? -1 : a->pid > b->pid;
}

/* The lines of one report, written through `out` (printf or ncurses). */
typedef void (*line_fn)(void *ctx, int bold, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* KiB in at most width characters, as top scales its memory columns: the number when it
 * fits, else the value in m, g, t or p with as many decimals as fit. A wide value never
 * pushes the columns to its right. */
/* Decimal digits of v into buf (at least 21 bytes); returns the length. A refresh
 * prints thousands of numbers: this is printf's work without its format parsing. */
static int utoa(char *buf, uint64_t v)
{
    char tmp[24];
    int n = 0, len = 0;
    do
        tmp[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        buf[len++] = tmp[--n];
    buf[len] = '\0';
    return len;
}

/* A percentage with one decimal ("12.5"), halves rounded up (printf rounds exact
 * binary ties to even: 0.25 is 0.2 there, 0.3 here). */
static void tenths(char *buf, double v)
{
    if (!(v >= 0) || v >= 1e15) {
        snprintf(buf, 24, "%.1f", v);
        return;
    }
    uint64_t t = (uint64_t)llround(v * 10);
    int len = utoa(buf, t / 10);
    buf[len] = '.';
    buf[len + 1] = (char)('0' + t % 10);
    buf[len + 2] = '\0';
}

static void fit_kib(char *buf, size_t size, uint64_t kib, int width)
{
    static const char units[] = "mgtp";
    if (size >= 24 && utoa(buf, kib) <= width)
        return;
    double v = (double)kib;
    for (int u = 0; units[u]; u++) {
        v /= 1024.0;
        for (int dec = 3; dec >= 0; dec--)
            if (snprintf(buf, size, "%.*f%c", dec, v, units[u]) <= width)
                return;
    }
    snprintf(buf, size, "%.*s", width, "+");
}

/* USER in 8 columns: a longer name is cut to 7 and a '+', as top. */
static void fit_user(char *buf, size_t size, const char *name)
{
    const char *u = cli_safe(name);
    if (strlen(u) > 8)
        snprintf(buf, size, "%.7s+", u);
    else
        snprintf(buf, size, "%s", u);
}

/* What the header says about the CPUs: a bar per CPU, or top's one %Cpu(s) line. */
static void cpu_lines(struct view *v, psutil_cpu_sampler_t *cpus, line_fn out, void *ctx)
{
    if (v->percpu) {
        psutil_cpu_percent_t *per = NULL;
        size_t ncpu = 0;
        if (psutil_cpu_percent_percpu(cpus, &per, &ncpu) != 0)
            return;
        for (size_t c = 0; c < ncpu; c++) {
            char bar[41];
            int fill = (int)lround(per[c].percent / 100.0 * 40.0);
            for (int k = 0; k < 40; k++)
                bar[k] = k < fill ? '|' : ' ';
            bar[40] = '\0';
            out(ctx, 0, "cpu%-3d [%s] %5.1f%%", per[c].cpu, bar, per[c].percent);
        }
        psutil_free(per);
        return;
    }
    psutil_cpu_times_t t;
    if (psutil_cpu_times_percent(cpus, &t) == 0)
        out(ctx, 0,
            "%%Cpu(s): %4.1f us, %4.1f sy, %4.1f ni, %4.1f id, %4.1f wa, %4.1f hi, %4.1f si, "
            "%4.1f st",
            t.user, t.system, t.nice, t.idle, t.iowait, t.irq, t.softirq, t.steal);
}

static void report(struct view *v, psutil_cpu_sampler_t *cpus, line_fn out, void *ctx,
                   size_t max_rows)
{
    psutil_loadavg_t load = {0};
    psutil_virtual_memory_t vm = {0};
    psutil_swap_memory_t sw = {0};
    double boot = 0;
    size_t nusers = 0;
    psutil_user_t *users;
    psutil_getloadavg(&load);
    psutil_virtual_memory(&vm);
    psutil_swap_memory(&sw);
    psutil_boot_time(&boot);
    if (psutil_users(&users, &nusers) == 0)
        psutil_free(users);
    time_t now = time(NULL);
    struct tm tm;
    char clock[16];
    localtime_r(&now, &tm);
    strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
    long up = (long)((double)now - boot);
    out(ctx, 1,
        "psutil top - %s up %ld days, %2ld:%02ld, %zu user%s, load average: %.2f, %.2f, %.2f",
        clock, up / 86400, up % 86400 / 3600, up % 3600 / 60, nusers, nusers == 1 ? "" : "s",
        load.load1, load.load5, load.load15);
    size_t running = 0, sleeping = 0, stopped = 0, zombie = 0;
    for (size_t i = 0; i < v->n; i++) {
        int s = v->rows[i].status;
        running += s == PSUTIL_STATUS_RUNNING;
        sleeping +=
            s == PSUTIL_STATUS_SLEEPING || s == PSUTIL_STATUS_IDLE || s == PSUTIL_STATUS_DISK_SLEEP;
        stopped += s == PSUTIL_STATUS_STOPPED || s == PSUTIL_STATUS_TRACING_STOP;
        zombie += s == PSUTIL_STATUS_ZOMBIE;
    }
    out(ctx, 0, "Tasks: %zu total, %zu running, %zu sleeping, %zu stopped, %zu zombie", v->n,
        running, sleeping, stopped, zombie);
    cpu_lines(v, cpus, out, ctx);
    const double mib = 1024.0 * 1024.0;
    out(ctx, 0, "MiB Mem : %9.1f total, %9.1f free, %9.1f used, %9.1f buff/cache",
        (double)vm.total / mib, (double)vm.free / mib, (double)vm.used / mib,
        (double)(vm.buffers + vm.cached) / mib);
    out(ctx, 0, "MiB Swap: %9.1f total, %9.1f free, %9.1f used. %9.1f avail Mem",
        (double)sw.total / mib, (double)sw.free / mib, (double)sw.used / mib,
        (double)vm.available / mib);
    out(ctx, 0, "%s", "");
    out(ctx, 1, "%7s %-8s %3s %3s %7s %6s %6s %1s %5s %5s %9s %s", "PID", "USER", "PR", "NI",
        "VIRT", "RES", "SHR", "S", "%CPU", "%MEM", "TIME+", "COMMAND");
    if (v->scroll > v->n_shown)
        v->scroll = v->n_shown ? v->n_shown - 1 : 0;
    for (size_t k = v->scroll; k < v->n_shown && k - v->scroll < max_rows; k++) {
        size_t i = v->order[k];
        const psutil_proc_row_t *r = &v->rows[i];
        double t = r->cpu.user + r->cpu.system;
        char user[16], virt[24], res[24], shr[24], cpu[24], mem[24];
        fit_user(user, sizeof(user), r->euser);
        fit_kib(virt, sizeof(virt), r->vms / 1024, 7);
        fit_kib(res, sizeof(res), r->rss / 1024, 6);
        fit_kib(shr, sizeof(shr), r->shared / 1024, 6);
        tenths(cpu, v->rates[i].cpu_percent);
        tenths(mem, v->rates[i].mem_percent);
        /* PR: the kernel's priority, 20 + nice for the normal scheduling class. */
        out(ctx, 0, "%7lld %-8s %3d %3d %7s %6s %6s %c %5s %5s %3ld:%02ld.%02ld %s",
            (long long)r->pid, user, 20 + r->nice, r->nice, virt, res, shr,
            cli_state_letter(r->status), cpu, mem, (long)t / 60, (long)t % 60,
            (long)(fmod(t, 1.0) * 100), cli_safe(r->name));
    }
}

static void print_line(void *ctx, int bold, const char *fmt, ...)
{
    va_list ap;
    (void)ctx;
    (void)bold;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

struct screen {
    int row;
};

static void curses_line(void *ctx, int bold, const char *fmt, ...)
{
    struct screen *s = ctx;
    char buf[1024];
    va_list ap;
    if (s->row >= LINES)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (bold)
        attron(A_BOLD);
    mvaddnstr(s->row++, 0, buf, COLS);
    if (bold)
        attroff(A_BOLD);
}

/* 1 when row i passes the filters (-p, -u / u, o and /). */
static int shown(const struct view *v, size_t i)
{
    const psutil_proc_row_t *r = &v->rows[i];
    if (v->npids) {
        int want = 0;
        for (size_t k = 0; k < v->npids && !want; k++)
            want = v->pids[k] == r->pid;
        if (!want)
            return 0;
    }
    if (v->by_uid && r->euid != v->uid)
        return 0;
    if (v->match[0] && !strcasestr(r->name, v->match) && !strcasestr(r->cmdline, v->match))
        return 0;
    return 1;
}

/* Filters and sorts the current sample into order[] (no new reading). */
static void arrange(struct view *v)
{
    struct sort_key *keys = cli_alloc(v->n, sizeof(*keys));
    v->n_shown = 0;
    for (size_t i = 0; i < v->n; i++)
        if (shown(v, i))
            keys[v->n_shown++] = (struct sort_key){key_of(v, i), v->rows[i].pid, i};
    qsort(keys, v->n_shown, sizeof(*keys), cmp_keys);
    for (size_t k = 0; k < v->n_shown; k++)
        v->order[k] = keys[k].i;
    free(keys);
}

/* Takes a new snapshot with its rates since the previous one. */
static int refresh_view(struct view *v, psutil_proc_monitor_t *mon)
{
    const psutil_proc_row_t *rows;
    const psutil_proc_rate_t *rates;
    size_t n;
    int rc = psutil_proc_monitor_refresh(mon, &rows, &rates, &n);
    if (rc != 0)
        return rc;
    size_t *order = cli_alloc(n, sizeof(*order));
    free(v->order);
    v->rows = rows;
    v->rates = rates;
    v->order = order;
    v->n = n;
    arrange(v);
    return 0;
}

/* Reads a line at the prompt row, as top's prompts do (Enter ends, Escape cancels).
 * Returns 0 with buf filled, -1 when cancelled. */
static int prompt(const char *question, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    timeout(-1);
    for (;;) {
        move(5, 0);
        clrtoeol();
        attron(A_REVERSE);
        printw("%s %s", question, buf);
        attroff(A_REVERSE);
        refresh();
        int key = getch();
        if (key == '\n' || key == KEY_ENTER || key == '\r')
            return 0;
        if (key == 27)
            return -1;
        if ((key == KEY_BACKSPACE || key == 127 || key == 8) && len > 0)
            buf[--len] = '\0';
        else if (key >= 0x20 && key < 0x7f && len + 1 < size) {
            buf[len++] = (char)key;
            buf[len] = '\0';
        }
    }
}

/* One line of feedback under the header until the next redraw. */
static char note[160];

static void help_screen(void)
{
    erase();
    mvprintw(0, 0, "psutil top: keys (procps top's)");
    mvprintw(2, 0, "  P, M, T, N    sort by %%CPU, %%MEM, TIME+, PID");
    mvprintw(3, 0, "  Up, Down      scroll a row; PgUp, PgDn a page; Home, End");
    mvprintw(4, 0, "  k             send a signal to a pid (default 15, TERM)");
    mvprintw(5, 0, "  r             renice a pid");
    mvprintw(6, 0, "  u             show one user's processes (empty: all)");
    mvprintw(7, 0, "  / or o        show processes whose COMMAND holds a text (empty: all)");
    mvprintw(8, 0, "  =             clear the filters");
    mvprintw(9, 0, "  1             one bar per CPU, or one line for all");
    mvprintw(10, 0, "  h or ?        this help; q quits");
    mvprintw(12, 0, "Press any key to continue");
    refresh();
    timeout(-1);
    getch();
}

/* Applies one key; returns 1 to quit. A key never takes a new sample. */
static int on_key(struct view *v, int key, int page)
{
    char buf[128];
    note[0] = '\0';
    switch (key) {
    case 'q':
    case 'Q':
        return 1;
    case 'P':
        v->by = BY_CPU;
        break;
    case 'M':
        v->by = BY_MEM;
        break;
    case 'T':
        v->by = BY_TIME;
        break;
    case 'N':
        v->by = BY_PID;
        break;
    case KEY_DOWN:
        v->scroll++;
        break;
    case KEY_UP:
        v->scroll = v->scroll ? v->scroll - 1 : 0;
        break;
    case KEY_NPAGE:
        v->scroll += (size_t)page;
        break;
    case KEY_PPAGE:
        v->scroll = v->scroll > (size_t)page ? v->scroll - (size_t)page : 0;
        break;
    case KEY_HOME:
        v->scroll = 0;
        break;
    case KEY_END:
        v->scroll = v->n_shown > (size_t)page ? v->n_shown - (size_t)page : 0;
        break;
    case '1':
        v->percpu = !v->percpu;
        break;
    case 'h':
    case '?':
        help_screen();
        break;
    case '=':
        v->npids = 0;
        v->by_uid = 0;
        v->match[0] = '\0';
        break;
    case 'u':
        if (prompt("Which user (blank for all)", buf, sizeof(buf)) == 0) {
            long uid = buf[0] ? cli_os_uid_of(buf) : -1;
            v->by_uid = buf[0] != '\0' && uid >= 0;
            v->uid = uid;
            if (buf[0] && uid < 0)
                snprintf(note, sizeof(note), " Unknown user '%s'", cli_safe(buf));
        }
        break;
    case '/':
    case 'o':
    case 'O':
        /* top's o takes FIELD=VALUE; COMMAND=x and a bare x both match the command. */
        if (prompt("Locate string (COMMAND contains)", buf, sizeof(buf)) == 0) {
            const char *eq = strchr(buf, '=');
            snprintf(v->match, sizeof(v->match), "%s", eq ? eq + 1 : buf);
        }
        break;
    case 'k':
    case 'r': {
        long pid, val;
        size_t first = v->n_shown ? v->order[v->scroll < v->n_shown ? v->scroll : 0] : 0;
        char q[96];
        snprintf(q, sizeof(q), "PID to %s [default pid = %lld]",
                 key == 'k' ? "signal/kill" : "renice",
                 v->n_shown ? (long long)v->rows[first].pid : 0LL);
        if (prompt(q, buf, sizeof(buf)) != 0)
            break;
        if (buf[0] == '\0')
            pid = v->n_shown ? (long)v->rows[first].pid : 0;
        else if (cli_parse_count(buf, &pid) != 0) {
            snprintf(note, sizeof(note), " Invalid pid '%s'", cli_safe(buf));
            break;
        }
        snprintf(q, sizeof(q),
                 key == 'k' ? "Send pid %ld signal [15/sigterm]" : "Renice PID %ld to value", pid);
        if (prompt(q, buf, sizeof(buf)) != 0)
            break;
        psutil_proc_t *p = NULL;
        int rc = psutil_proc_open(pid, &p);
        if (rc == 0 && key == 'k') {
            val = 15;
            if (buf[0] && cli_parse_count(buf, &val) != 0 && strcmp(buf, "0") != 0)
                val = -1;
            rc = val < 0 ? PSUTIL_EINVAL : psutil_proc_send_signal(p, (int)val);
        } else if (rc == 0) {
            char *end;
            val = strtol(buf, &end, 10);
            rc = !buf[0] || *end ? PSUTIL_EINVAL : psutil_proc_set_nice(p, (int)val);
        }
        psutil_proc_close(p); /* NULL when the open failed */
        if (rc != 0)
            snprintf(note, sizeof(note), " Failed %s of pid %ld: %s",
                     key == 'k' ? "signal" : "renice", pid, psutil_strerror(rc));
        break;
    }
    default:
        break;
    }
    arrange(v);
    return 0;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static void help(void)
{
    printf("Usage: " TOP_USAGE "\n"
           "\n"
           "A live process viewer, like procps top.\n"
           "\n"
           "  -d SECONDS      between refreshes (default 2)\n"
           "  -n COUNT        stop after COUNT refreshes\n"
           "  -b              batch mode: plain text, report after report\n"
           "  -p PID[,PID]    only these processes (repeatable)\n"
           "  -u USER         only this user's processes (effective user, name or number)\n"
           "  -o FIELD        sort by %%CPU, %%MEM, TIME+, PID, RES or VIRT\n"
           "\n"
           "Keys: P M T N sort; arrows, PgUp, PgDn, Home, End scroll; k kill; r renice;\n"
           "u user; / or o command filter; = clear filters; 1 CPU bars; h help; q quit.\n");
}

int cmd_top(int argc, char **argv)
{
    static const struct option longs[] = {
        {"delay", required_argument, NULL, 'd'}, {"batch", no_argument, NULL, 'b'},
        {"count", required_argument, NULL, 'n'}, {"pid", required_argument, NULL, 'p'},
        {"user", required_argument, NULL, 'u'},  {"sort-override", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
    };
    double delay = 2.0;
    long count = 0;
    int batch = 0, c;
    struct view v;
    memset(&v, 0, sizeof(v));
    v.by = BY_CPU;
    v.percpu = 1;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:bn:p:u:o:", longs, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (cli_parse_seconds(optarg, &delay) != 0 || delay < 0.01)
                return cli_usage_error("top", TOP_USAGE, "delay '%s' is not a number >= 0.01",
                                       optarg);
            break;
        case 'b':
            batch = 1;
            break;
        case 'n':
            if (cli_parse_count(optarg, &count) != 0)
                return cli_usage_error("top", TOP_USAGE, "count '%s' is not a positive integer",
                                       optarg);
            break;
        case 'p': {
            char *copy = cli_strdup(optarg), *save = NULL;
            for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                long pid;
                if (cli_parse_count(t, &pid) != 0) {
                    int st = cli_usage_error("top", TOP_USAGE, "'%s' is not a pid", t);
                    free(copy);
                    free(v.pids);
                    return st;
                }
                v.pids = cli_realloc(v.pids, v.npids + 1, sizeof(*v.pids));
                v.pids[v.npids++] = pid;
            }
            free(copy);
            break;
        }
        case 'u':
            if ((v.uid = cli_os_uid_of(optarg)) < 0) {
                free(v.pids);
                return cli_usage_error("top", TOP_USAGE, "unknown user '%s'", optarg);
            }
            v.by_uid = 1;
            break;
        case 'o': {
            static const struct {
                const char *name;
                enum sort_by by;
            } keys[] = {{"%CPU", BY_CPU}, {"%MEM", BY_MEM}, {"TIME+", BY_TIME}, {"TIME", BY_TIME},
                        {"PID", BY_PID},  {"RES", BY_RES},  {"VIRT", BY_VIRT}};
            size_t k = 0;
            while (k < sizeof(keys) / sizeof(keys[0]) && strcasecmp(optarg, keys[k].name) != 0)
                k++;
            if (k == sizeof(keys) / sizeof(keys[0])) {
                free(v.pids);
                return cli_usage_error("top", TOP_USAGE, "unknown sort field '%s'", optarg);
            }
            v.by = keys[k].by;
            break;
        }
        case 'h':
            help();
            free(v.pids);
            return CLI_OK;
        case ':':
            free(v.pids);
            return cli_usage_error("top", TOP_USAGE, "option '%s' needs an argument",
                                   cli_optname(argv));
        default:
            free(v.pids);
            return cli_usage_error("top", TOP_USAGE, "unknown option '%s'", cli_optname(argv));
        }
    }
    if (optind < argc) {
        free(v.pids);
        return cli_usage_error("top", TOP_USAGE, "unexpected argument '%s'", argv[optind]);
    }
    if (!batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
        free(v.pids);
        fprintf(stderr, "psutil top: not a terminal; use -b for batch mode\n");
        return CLI_USAGE;
    }
    SCREEN *screen = NULL;
    if (!batch) {
        /* newterm, not initscr: initscr exits the program itself when the terminal is
         * unknown. A terminal ncurses cannot address (TERM=dumb) cannot show a screen. */
        const char *term = getenv("TERM");
        screen = newterm(NULL, stdout, stdin);
        if (!screen || !tigetstr("cup") || tigetstr("cup") == (char *)-1) {
            if (screen) {
                endwin();
                delscreen(screen);
            }
            fprintf(stderr,
                    "psutil top: the terminal '%s' cannot be driven by ncurses (it cannot move "
                    "the cursor); use -b for batch mode\n",
                    term ? cli_safe(term) : "(unset)");
            free(v.pids);
            return CLI_ERROR;
        }
        endwin(); /* set up below, after the first sample */
    }

    psutil_proc_monitor_t *mon = NULL;
    psutil_cpu_sampler_t cpus;
    int rc = psutil_cpu_sampler_init(&cpus);
    if (rc == 0)
        rc = psutil_proc_monitor_new(FIELDS, &mon);
    psutil_cpu_percent_t *warm;
    psutil_cpu_times_t warm_t;
    size_t nwarm;
    /* The first report needs a previous sample: take one and wait a short moment. */
    if (rc == 0 && psutil_cpu_percent_percpu(&cpus, &warm, &nwarm) == 0)
        psutil_free(warm);
    if (rc == 0)
        psutil_cpu_times_percent(&cpus, &warm_t);
    if (rc == 0)
        rc = refresh_view(&v, mon);
    double last = cli_now();
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    if (rc == 0 && !batch) {
        refresh();
        cbreak();
        noecho();
        curs_set(0);
        keypad(stdscr, TRUE);
    }
    /* The next sample is due at `due`; a key only redraws the current one. */
    double due = last + fmin(delay, 0.5);
    for (long iter = 0; rc == 0 && !stop && (count == 0 || iter < count);) {
        int resample = 1;
        if (batch) {
            cli_sleep(due - cli_now());
        } else {
            timeout(cli_ms(due - cli_now()));
            int key = getch();
            if (key != ERR) {
                if (on_key(&v, key, LINES > 12 ? LINES - 12 : 1))
                    break;
                resample = cli_now() >= due;
            }
        }
        if (resample) {
            if ((rc = refresh_view(&v, mon)) != 0)
                break;
            due = cli_now() + delay;
            iter++;
        }
        if (batch) {
            if (iter > 1)
                putchar('\n');
            report(&v, &cpus, print_line, NULL, (size_t)-1);
            stop = cli_output_failed();
        } else {
            struct screen s = {0};
            erase();
            report(&v, &cpus, curses_line, &s, LINES > 8 ? (size_t)LINES : 0);
            if (note[0]) {
                attron(A_REVERSE);
                mvaddnstr(5, 0, note, COLS);
                attroff(A_REVERSE);
            }
            refresh();
        }
    }
    if (!batch) {
        endwin();
        delscreen(screen);
    }
    psutil_proc_monitor_free(mon);
    free(v.order);
    free(v.pids);
    psutil_cpu_sampler_destroy(&cpus);
    return rc == 0 ? CLI_OK : cli_fail("process table", rc);
}
