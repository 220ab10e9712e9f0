/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * util.c - the tool's shared helpers: error lines, number parsing for options, human
 * units, and a streaming JSON writer that escapes strings per RFC 8259.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static void *out_of_memory(void *p)
{
    if (!p) {
        fprintf(stderr, "psutil: out of memory\n");
        exit(CLI_ERROR);
    }
    return p;
}

void *cli_alloc(size_t n, size_t size)
{
    return out_of_memory(calloc(n ? n : 1, size ? size : 1));
}

void *cli_realloc(void *p, size_t n, size_t size)
{
    if (n == 0)
        n = 1;
    if (size != 0 && n > SIZE_MAX / size)
        return out_of_memory(NULL);
    return out_of_memory(realloc(p, n * size));
}

char *cli_strdup(const char *s)
{
    return out_of_memory(strdup(s));
}

int cli_output_failed(void)
{
    static int told;
    /* A write that failed earlier (a large fwrite bypasses the buffer) left its errno;
     * a failing flush now sets its own. */
    int before = errno, err = fflush(stdout) == 0 ? before : errno;
    if (!ferror(stdout))
        return 0;
    if (!told) {
        told = 1;
        fprintf(stderr, "psutil: write error: %s\n", err ? strerror(err) : "output lost");
    }
    return 1;
}

int cli_fail(const char *what, int rc)
{
    psutil_error_info_t e;
    psutil_last_error(&e);
    fprintf(stderr, "psutil: %s: %s", what, psutil_strerror(rc));
    if (e.code == rc && (e.detail[0] || e.path[0] || e.os_errno)) {
        fprintf(stderr, " (");
        const char *sep = "";
        if (e.detail[0]) {
            fprintf(stderr, "%s", cli_safe(e.detail));
            sep = ", ";
        }
        if (e.path[0]) {
            fprintf(stderr, "%s%s", sep, cli_safe(e.path));
            sep = ", ";
        }
        char text[600];
        if (e.os_errno)
            fprintf(stderr, "%s%s", sep, cli_os_error_text(e.os_errno, text, sizeof(text)));
        fprintf(stderr, ")");
    }
    fprintf(stderr, "\n");
    return CLI_ERROR;
}

int cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
{
    va_list ap;
    const char *sp = cmd ? " " : "", *name = cmd ? cmd : "";
    char msg[1024];
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    /* The message quotes what was typed, which a script may have taken from a process. */
    fprintf(stderr, "psutil%s%s: %s", sp, name, cli_safe(msg));
    fprintf(stderr, "\nUsage: %s\nTry 'psutil%s%s --help'.\n", usage, sp, name);
    return CLI_USAGE;
}

const char *cli_optname(char **argv)
{
    static char shortname[4];
    /* getopt leaves the unknown character in optopt; argv[optind - 1] may be a whole
     * cluster ("-ef") or the command itself. A long option leaves optopt 0 (or its
     * value past the character range), and argv[optind - 1] is then the option. */
    if (optopt > 0 && optopt < 128 && optopt != ':' && optopt != '?') {
        snprintf(shortname, sizeof(shortname), "-%c", optopt);
        return shortname;
    }
    return argv[optind - 1];
}

int cli_parse_seconds(const char *s, double *out)
{
    char *end;
    if (!s || !*s)
        return -1;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || !isfinite(v) || v < 0 || v > 1e7)
        return -1;
    *out = v;
    return 0;
}

int cli_trailing_interval(int argc, char **argv, int first, double *delay, long *count)
{
    /* sysstat's "[INTERVAL [COUNT]]" after any other operands (iostat's devices): the last
     * one or two arguments when they are numbers; an interval of 0 is refused. */
    int n = argc - first;
    long c;
    double d;
    if (n >= 2 && cli_parse_seconds(argv[argc - 2], &d) == 0 && d > 0 &&
        cli_parse_count(argv[argc - 1], &c) == 0) {
        *delay = d;
        *count = c;
        return 2;
    }
    if (n >= 1 && cli_parse_seconds(argv[argc - 1], &d) == 0 && d > 0) {
        *delay = d;
        return 1;
    }
    return 0;
}

int cli_parse_count(const char *s, long *out)
{
    char *end;
    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v <= 0)
        return -1;
    *out = v;
    return 0;
}

void cli_sleep(double seconds)
{
    struct timespec ts = {(time_t)seconds, (long)((seconds - floor(seconds)) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

int cli_ms(double seconds)
{
    if (!(seconds > 0))
        return 0;
    double ms = ceil(seconds * 1000.0);
    return ms >= (double)INT_MAX ? INT_MAX : (int)ms;
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const psutil_net_io_t *cli_nic_counters(const psutil_net_io_t *io, size_t n, const char *name)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(io[k].name, name) == 0)
            return &io[k];
    return NULL;
}

char cli_state_letter(int status)
{
    static const char letters[] = "?RSDTtZXKWIP";
    return status > 0 && status <= PSUTIL_STATUS_PARKED ? letters[status] : '?';
}

void cli_human_bytes(char *buf, size_t size, uint64_t bytes)
{
    /* psutil's bytes2human, from the library: one rule for human units everywhere. */
    if (psutil_bytes2human(bytes, buf, size) != 0 && size > 0)
        buf[0] = '\0';
}

size_t cli_utf8_len(const unsigned char *s, size_t n)
{
    size_t len;
    unsigned min, cp;
    if (n == 0)
        return 0;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        len = 2, min = 0x80, cp = s[0] & 0x1fu;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        len = 3, min = 0x800, cp = s[0] & 0x0fu;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        len = 4, min = 0x10000, cp = s[0] & 0x07u;
    else
        return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3fu);
    }
    /* Overlong forms, surrogates and code points past U+10FFFF are not UTF-8. */
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

/* --- text that processes control -------------------------------------------------- */

const char *cli_safe(const char *s)
{
    static char *ring[8];
    static size_t caps[8], slot;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p), k = 0, i = slot++ % 8;
    if (caps[i] < n + 1) {
        caps[i] = n + 1;
        ring[i] = cli_realloc(ring[i], caps[i], 1);
    }
    char *out = ring[i];
    for (size_t at = 0; at < n;) {
        size_t len = cli_utf8_len(p + at, n - at);
        /* C0 controls, DEL and C1 controls (U+0080..U+009F, 0xC2 0x80..0x9F in UTF-8)
         * can move the cursor or start an escape sequence: '?', as procps prints them. A
         * newline becomes a space (ps -o args shows "line1 line2"), so a row stays one
         * line. Bytes that are not UTF-8 are '?' too. */
        if (len == 0 || p[at] < 0x20 || p[at] == 0x7f ||
            (len == 2 && p[at] == 0xc2 && p[at + 1] < 0xa0)) {
            out[k++] = p[at] == '\n' ? ' ' : '?';
            at += len ? len : 1;
            continue;
        }
        memcpy(out + k, p + at, len);
        k += len;
        at += len;
    }
    out[k] = '\0';
    return out;
}

/* --- JSON ------------------------------------------------------------------------ */

static void json_escape(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    fputc('"', f);
    for (size_t at = 0; at < n;) {
        size_t len = cli_utf8_len(p + at, n - at);
        if (len == 0) {
            /* Not UTF-8: U+FFFD, so the document stays valid JSON (RFC 8259). */
            fputs("\xef\xbf\xbd", f);
            at++;
            continue;
        }
        switch (p[at]) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        default:
            if (p[at] < 0x20 || p[at] == 0x7f)
                fprintf(f, "\\u%04x", p[at]);
            else
                fwrite(p + at, 1, len, f);
        }
        at += len;
    }
    fputc('"', f);
}

void json_init(cli_json *j, FILE *f)
{
    memset(j, 0, sizeof(*j));
    j->f = f;
}

static void json_prefix(cli_json *j, const char *key)
{
    if (j->count[j->depth]++ > 0)
        fputc(',', j->f);
    if (key) {
        json_escape(j->f, key);
        fputc(':', j->f);
    }
}

static void json_open(cli_json *j, const char *key, char c)
{
    json_prefix(j, key);
    fputc(c, j->f);
    if (j->depth < 15)
        j->count[++j->depth] = 0;
}

static void json_close(cli_json *j, char c)
{
    fputc(c, j->f);
    if (j->depth > 0)
        j->depth--;
}

void json_object_begin(cli_json *j, const char *key)
{
    json_open(j, key, '{');
}

void json_object_end(cli_json *j)
{
    json_close(j, '}');
}

void json_array_begin(cli_json *j, const char *key)
{
    json_open(j, key, '[');
}

void json_array_end(cli_json *j)
{
    json_close(j, ']');
}

void json_u64(cli_json *j, const char *key, uint64_t v)
{
    json_prefix(j, key);
    fprintf(j->f, "%llu", (unsigned long long)v);
}

void json_i64(cli_json *j, const char *key, int64_t v)
{
    json_prefix(j, key);
    fprintf(j->f, "%lld", (long long)v);
}

void json_round(cli_json *j, const char *key, double v, int digits)
{
    json_prefix(j, key);
    if (isfinite(v))
        fprintf(j->f, "%.*f", digits, v);
    else
        fputs("null", j->f);
}

void json_virtual_memory(cli_json *j, const char *key, const psutil_virtual_memory_t *vm)
{
    json_object_begin(j, key);
    json_u64(j, "total", vm->total);
    json_u64(j, "available", vm->available);
    json_round(j, "percent", vm->percent, 1);
    json_u64(j, "used", vm->used);
    json_u64(j, "free", vm->free);
    json_u64(j, "active", vm->active);
    json_u64(j, "inactive", vm->inactive);
    json_u64(j, "buffers", vm->buffers);
    json_u64(j, "cached", vm->cached);
    json_u64(j, "shared", vm->shared);
    json_u64(j, "slab", vm->slab);
    json_object_end(j);
}

void json_swap_memory(cli_json *j, const char *key, const psutil_swap_memory_t *sw)
{
    json_object_begin(j, key);
    json_u64(j, "total", sw->total);
    json_u64(j, "used", sw->used);
    json_u64(j, "free", sw->free);
    json_round(j, "percent", sw->percent, 1);
    json_u64(j, "sin", sw->sin);
    json_u64(j, "sout", sw->sout);
    json_object_end(j);
}

static void json_limit(cli_json *j, const char *key, int have, uint64_t v)
{
    if (have && v != PSUTIL_UNLIMITED)
        json_u64(j, key, v);
    else
        json_null(j, key);
}

void json_cgroup_limits(cli_json *j, const char *key, const psutil_cgroup_limits_t *l)
{
    int cpu = (l->have & PSUTIL_CG_CPU) != 0, mem = (l->have & PSUTIL_CG_MEMORY) != 0;
    int swap = (l->have & PSUTIL_CG_SWAP) != 0, pids = (l->have & PSUTIL_CG_PIDS) != 0;
    json_object_begin(j, key);
    json_i64(j, "version", l->version);
    if (cpu && l->cpu_quota >= 0)
        json_round(j, "cpu_quota", l->cpu_quota, 2);
    else
        json_null(j, "cpu_quota");
    json_limit(j, "cpuset_cpus", (l->have & PSUTIL_CG_CPUSET) != 0, (uint64_t)l->cpuset_cpus);
    json_round(j, "effective_cpus", l->effective_cpus, 2);
    json_limit(j, "memory_max", mem, l->memory_max);
    json_limit(j, "memory_high", mem, l->memory_high);
    json_limit(j, "memory_current", mem, l->memory_current);
    json_limit(j, "swap_max", swap, l->swap_max);
    json_limit(j, "swap_current", swap, l->swap_current);
    json_limit(j, "pids_max", pids, l->pids_max);
    json_limit(j, "pids_current", pids, l->pids_current);
    json_object_end(j);
}

int cli_memory_limit_binds(const psutil_cgroup_limits_t *l, uint64_t total)
{
    return (l->have & PSUTIL_CG_MEMORY) && l->memory_max != PSUTIL_UNLIMITED &&
           l->memory_max < total;
}

void json_string(cli_json *j, const char *key, const char *s)
{
    json_prefix(j, key);
    json_escape(j->f, s ? s : "");
}

void json_bool(cli_json *j, const char *key, int v)
{
    json_prefix(j, key);
    fputs(v ? "true" : "false", j->f);
}

void json_args(cli_json *j, const char *key, const char *args, size_t len)
{
    json_array_begin(j, key);
    for (size_t at = 0; at < len;) {
        json_string(j, NULL, args + at);
        at += strlen(args + at) + 1;
    }
    json_array_end(j);
}

void json_null(cli_json *j, const char *key)
{
    json_prefix(j, key);
    fputs("null", j->f);
}

void json_finish(cli_json *j)
{
    fputc('\n', j->f);
    if (j->f == stdout)
        cli_output_failed();
    else
        fflush(j->f);
}
