/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * text.c - the Prometheus text exposition format as psutil serve writes it: a growing
 * buffer, # HELP / # TYPE lines, and samples whose label values are escaped and made
 * valid UTF-8 (https://prometheus.io/docs/instrumenting/exposition_formats/).
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "serve.h"

static void text_reserve(struct text *t, size_t more)
{
    if (t->len + more + 1 <= t->cap)
        return;
    size_t cap = t->cap ? t->cap : 4096;
    while (cap < t->len + more + 1)
        cap *= 2;
    t->p = cli_realloc(t->p, cap, 1);
    t->cap = cap;
}

void text_put(struct text *t, const char *s, size_t n)
{
    text_reserve(t, n);
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

void text_printf(struct text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    text_reserve(t, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(t->p + t->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* A label value as the exposition format wants it: \\, \" and \n escaped, invalid UTF-8
 * replaced by U+FFFD (the tool's one rule for bytes that are not UTF-8, cli.h). */
static void put_label_value(struct text *t, const char *v)
{
    const unsigned char *s = (const unsigned char *)v;
    size_t n = strlen(v);
    for (size_t i = 0; i < n;) {
        size_t len = cli_utf8_len(s + i, n - i);
        if (len == 0)
            text_put(t, "\xef\xbf\xbd", 3);
        else if (s[i] == '\\')
            text_put(t, "\\\\", 2);
        else if (s[i] == '"')
            text_put(t, "\\\"", 2);
        else if (s[i] == '\n')
            text_put(t, "\\n", 2);
        else
            text_put(t, (const char *)s + i, len);
        i += len ? len : 1;
    }
}

void family(struct text *t, const char *name, const char *type, const char *help)
{
    text_printf(t, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* name{k1="v1",...}: the pairs come from ap and end with a NULL key. */
static void put_series(struct text *t, const char *name, va_list ap)
{
    text_put(t, name, strlen(name));
    int first = 1;
    for (const char *k; (k = va_arg(ap, const char *)) != NULL; first = 0) {
        text_printf(t, "%s%s=\"", first ? "{" : ",", k);
        put_label_value(t, va_arg(ap, const char *));
        text_put(t, "\"", 1);
    }
    if (!first)
        text_put(t, "}", 1);
}

/* " value\n": NaN, +Inf, -Inf, or the shortest exact form. */
static void put_value(struct text *t, double v)
{
    if (isnan(v))
        text_put(t, " NaN\n", 5);
    else if (isinf(v))
        text_printf(t, " %cInf\n", v > 0 ? '+' : '-');
    else if (v == floor(v) && fabs(v) < 9007199254740992.0)
        text_printf(t, " %.0f\n", v);
    else {
        /* The shortest of %.15g..%.17g that reads back as the same double. */
        char buf[40];
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(buf, sizeof(buf), "%.*g", prec, v);
            if (strtod(buf, NULL) == v)
                break;
        }
        text_printf(t, " %s\n", buf);
    }
}

/* One sample with a float value. The variadic part is key, value, ..., NULL. */
void sample(struct text *t, const char *name, double v, ...)
{
    va_list ap;
    va_start(ap, v);
    put_series(t, name, ap);
    va_end(ap);
    put_value(t, v);
}

void sample_labels(struct text *t, const char *name, const char *const *keys,
                   const char *const *values, size_t n, double v)
{
    text_put(t, name, strlen(name));
    for (size_t i = 0; i < n; i++) {
        text_printf(t, "%s%s=\"", i ? "," : "{", keys[i]);
        put_label_value(t, values[i]);
        text_put(t, "\"", 1);
    }
    if (n)
        text_put(t, "}", 1);
    put_value(t, v);
}

/* One sample with an exact integer value (counters beyond 2^53 stay exact). */
void sample_u64(struct text *t, const char *name, uint64_t v, ...)
{
    va_list ap;
    va_start(ap, v);
    put_series(t, name, ap);
    va_end(ap);
    text_printf(t, " %" PRIu64 "\n", v);
}

/* The end of the line at p (its '\n', or the text's end). */
static const char *line_end(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    return nl ? nl : end;
}

void text_openmetrics(const struct text *in, struct text *out)
{
    const char *p = in->p ? in->p : "", *end = p + in->len;
    while (p < end) {
        const char *e = line_end(p, end);
        size_t n = (size_t)(e - p);
        if (n > 7 && memcmp(p, "# HELP ", 7) == 0) {
            /* HELP then TYPE: the pair is written once the type is known. */
            const char *name = p + 7, *sp = memchr(name, ' ', (size_t)(e - name));
            const char *t = e < end ? e + 1 : end, *te = line_end(t, end);
            size_t nlen = sp ? (size_t)(sp - name) : (size_t)(e - name);
            char type[16] = "unknown";
            size_t flen = nlen;
            if ((size_t)(te - t) > 7 + nlen + 1 && memcmp(t, "# TYPE ", 7) == 0 &&
                memcmp(t + 7, name, nlen) == 0 && t[7 + nlen] == ' ') {
                const char *ty = t + 7 + nlen + 1;
                size_t tlen = (size_t)(te - ty);
                if (tlen == 7 && memcmp(ty, "counter", 7) == 0) {
                    /* A counter's family is its name without _total; one whose samples
                     * lack the suffix cannot be a counter there: unknown. */
                    if (nlen > 6 && memcmp(name + nlen - 6, "_total", 6) == 0) {
                        strcpy(type, "counter");
                        flen = nlen - 6;
                    }
                } else if ((tlen == 5 && memcmp(ty, "gauge", 5) == 0) ||
                           (tlen == 9 && memcmp(ty, "histogram", 9) == 0) ||
                           (tlen == 7 && memcmp(ty, "summary", 7) == 0)) {
                    memcpy(type, ty, tlen);
                    type[tlen] = '\0';
                }
                e = te; /* the TYPE line is consumed with its HELP */
            }
            text_put(out, "# HELP ", 7);
            text_put(out, name, flen);
            text_put(out, " ", 1);
            /* OpenMetrics escapes '"' in HELP too (\\ and \n are escaped already). */
            for (const char *h = sp ? sp + 1 : name + nlen; h < line_end(p, end); h++)
                if (*h == '"')
                    text_put(out, "\\\"", 2);
                else
                    text_put(out, h, 1);
            text_printf(out, "\n# TYPE %.*s %s\n", (int)flen, name, type);
        } else if (n > 0 && p[0] != '#') {
            text_put(out, p, n);
            text_put(out, "\n", 1);
        }
        p = e < end ? e + 1 : end;
    }
    text_put(out, "# EOF\n", 6);
}
