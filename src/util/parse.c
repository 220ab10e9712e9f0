/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * parse.c - checked number parsing and a line cursor over an in-memory buffer.
 * Every kernel number goes through here: overflow, missing digits and trailing
 * text are errors, never silently wrong values.
 */
#include <string.h>

#include "util.h"

void psutil__lines_init(psutil__lines *it, const char *buf, size_t len)
{
    it->p = buf;
    it->end = buf ? buf + len : buf; /* an empty, never-allocated buffer is NULL: no NULL + 0 */
}

int psutil__lines_next(psutil__lines *it, const char **line, size_t *len)
{
    if (it->p >= it->end)
        return 0;
    const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
    const char *stop = nl ? nl : it->end;
    *line = it->p;
    *len = (size_t)(stop - it->p);
    it->p = nl ? nl + 1 : it->end;
    return 1;
}

const char *psutil__skip_blanks(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

int psutil__only_blanks(const char *p, const char *end)
{
    for (; p < end; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return 0;
    return 1;
}

int psutil__is_name(const char *s, size_t n)
{
    return n > 0 && memchr(s, '\0', n) == NULL;
}

int psutil__parse_u64(const char **pp, const char *end, uint64_t *out)
{
    const char *p = psutil__skip_blanks(*pp, end);
    uint64_t v = 0;
    const char *start = p;
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
        uint64_t d = (uint64_t)(*p - '0');
        if (v > (UINT64_MAX - d) / 10)
            return PSUTIL_EPARSE;
        v = v * 10 + d;
    }
    if (p == start)
        return PSUTIL_EPARSE;
    *out = v;
    *pp = p;
    return 0;
}

int psutil__parse_u64_sat(const char **pp, const char *end, uint64_t *out)
{
    const char *p = psutil__skip_blanks(*pp, end), *start = p;
    uint64_t v = 0;
    /* Below UINT64_MAX / 10 a digit cannot overflow: one comparison per digit (a
     * process's stat has ~300 digits, read thousands of times per refresh). */
    const uint64_t safe = UINT64_MAX / 10;
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
        uint64_t d = (uint64_t)(*p - '0');
        if (v < safe)
            v = v * 10 + d;
        else
            v = v > safe || d > UINT64_MAX % 10 ? UINT64_MAX : v * 10 + d;
    }
    if (p == start)
        return PSUTIL_EPARSE;
    *out = v;
    *pp = p;
    return 0;
}

int psutil__parse_i64(const char **pp, const char *end, int64_t *out)
{
    const char *p = psutil__skip_blanks(*pp, end);
    int neg = p < end && *p == '-';
    uint64_t mag;
    if (neg)
        p++;
    if (psutil__parse_u64(&p, end, &mag) != 0)
        return PSUTIL_EPARSE;
    if (mag > (uint64_t)INT64_MAX + (neg ? 1u : 0u))
        return PSUTIL_EPARSE;
    *out = neg ? (int64_t)(0 - mag) : (int64_t)mag;
    *pp = p;
    return 0;
}

int psutil__parse_i64_sat(const char **pp, const char *end, int64_t *out)
{
    const char *p = psutil__skip_blanks(*pp, end);
    int neg = p < end && *p == '-';
    uint64_t mag;
    if (neg)
        p++;
    if (p == end || *p < '0' || *p > '9' || psutil__parse_u64_sat(&p, end, &mag) != 0)
        return PSUTIL_EPARSE;
    if (neg)
        *out = mag > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)mag;
    else
        *out = mag > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)mag;
    *pp = p;
    return 0;
}

int psutil__parse_i64_field(const char *s, size_t len, int64_t *out)
{
    const char *p = s, *end = s + len;
    int64_t v;
    if (psutil__parse_i64(&p, end, &v) != 0 || !psutil__only_blanks(p, end))
        return PSUTIL_EPARSE;
    *out = v;
    return 0;
}

int psutil__parse_decimal(const char **pp, const char *end, double *out)
{
    const char *p = psutil__skip_blanks(*pp, end);
    double v = 0.0;
    int digits = 0;
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
        v = v * 10.0 + (*p - '0');
        if (++digits > 30)
            return PSUTIL_EPARSE;
    }
    if (p < end && *p == '.') {
        double scale = 0.1;
        p++;
        for (; p < end && *p >= '0' && *p <= '9'; p++) {
            v += (*p - '0') * scale;
            scale /= 10.0;
            if (++digits > 60)
                return PSUTIL_EPARSE;
        }
    }
    if (digits == 0)
        return PSUTIL_EPARSE;
    *out = v;
    *pp = p;
    return 0;
}

int psutil__parse_u64_field(const char *s, size_t len, uint64_t *out)
{
    const char *p = s, *end = s + len;
    uint64_t v;
    if (psutil__parse_u64(&p, end, &v) != 0 || !psutil__only_blanks(p, end))
        return PSUTIL_EPARSE;
    *out = v;
    return 0;
}

int psutil__mul_u64(uint64_t a, uint64_t b, uint64_t *out)
{
    if (a != 0 && b > UINT64_MAX / a)
        return PSUTIL_EPARSE;
    *out = a * b;
    return 0;
}

uint64_t psutil__sat_mul_u64(uint64_t a, uint64_t b)
{
    return a != 0 && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

uint64_t psutil__sat_add_u64(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

uint64_t psutil__sat_sub_u64(uint64_t a, uint64_t b)
{
    return a > b ? a - b : 0;
}

int psutil__cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}
