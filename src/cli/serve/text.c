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

#include "../cli.h"
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
