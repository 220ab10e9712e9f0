/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_sendfile.c - psutil_sendfile() end to end: a receiver thread hashes what arrives
 * (SHA-256) and the test compares with the file range read independently with pread.
 * Whole files, offset + count, count past EOF, empty files, pipes (fallback), unix
 * sockets, non-blocking sockets, a sparse file past 4 GiB, a stalled receiver
 * (timeout), a peer that resets mid-transfer (no SIGPIPE), and bad descriptors.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"
#include "sha256.h"

#define MiB (1024ull * 1024ull)

/* Deterministic, non-repeating content: xorshift64 over 8-byte words. */
static void pattern(unsigned char *buf, size_t n, uint64_t *state)
{
    for (size_t i = 0; i < n; i++) {
        if (i % 8 == 0) {
            *state ^= *state << 13;
            *state ^= *state >> 7;
            *state ^= *state << 17;
        }
        buf[i] = (unsigned char)(*state >> (8 * (i % 8)));
    }
}

/* A temporary file of size bytes of pattern, open read-write and already unlinked. */
static int make_file(uint64_t size)
{
    char path[] = "/tmp/psutil-sendfile-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    unlink(path);
    unsigned char *buf = malloc(MiB);
    uint64_t state = 0x9E3779B97F4A7C15ull, done = 0;
    while (done < size) {
        size_t n = size - done < MiB ? (size_t)(size - done) : (size_t)MiB;
        pattern(buf, n, &state);
        CHECK(pwrite(fd, buf, n, (off_t)done) == (ssize_t)n);
        done += n;
    }
    free(buf);
    return fd;
}

/* SHA-256 of [off, off + len) of fd, read with pread. */
static void range_hash(int fd, uint64_t off, uint64_t len, char hex[65])
{
    sha256 c;
    unsigned char *buf = malloc(MiB);
    sha256_init(&c);
    while (len > 0) {
        size_t n = len < MiB ? (size_t)len : (size_t)MiB;
        ssize_t r = pread(fd, buf, n, (off_t)off);
        CHECK(r > 0);
        sha256_update(&c, buf, (size_t)r);
        off += (uint64_t)r;
        len -= (uint64_t)r;
    }
    free(buf);
    sha256_hex(&c, hex);
}

static void tcp_pair(int *sender, int *receiver)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(l >= 0 && bind(l, (struct sockaddr *)&a, sizeof(a)) == 0 && listen(l, 1) == 0);
    CHECK(getsockname(l, (struct sockaddr *)&a, &len) == 0);
    *sender = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(connect(*sender, (struct sockaddr *)&a, sizeof(a)) == 0);
    *receiver = accept(l, NULL, NULL);
    CHECK(*receiver >= 0);
    close(l);
}

struct receiver {
    pthread_t thread;
    int fd;
    uint64_t reset_after; /* 0: read to EOF; else reset the connection after this many */
    int stalled;          /* read nothing until released */
    int slow;             /* sleep 1 ms per read */
    volatile int release;
    uint64_t got;
    char hex[65];
};

static void *receive(void *arg)
{
    struct receiver *r = arg;
    sha256 c;
    char *buf = malloc(MiB);
    sha256_init(&c);
    while (r->stalled && !r->release)
        usleep(1000);
    for (;;) {
        ssize_t n = read(r->fd, buf, MiB);
        if (n <= 0)
            break;
        sha256_update(&c, buf, (size_t)n);
        r->got += (uint64_t)n;
        if (r->slow)
            usleep(1000);
        if (r->reset_after && r->got >= r->reset_after) {
            struct linger lg = {1, 0}; /* close with RST */
            setsockopt(r->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
            break;
        }
    }
    free(buf);
    sha256_hex(&c, r->hex);
    close(r->fd);
    return NULL;
}

static void start(struct receiver *r, int fd)
{
    r->fd = fd;
    CHECK(pthread_create(&r->thread, NULL, receive, r) == 0);
}

static void finish(struct receiver *r, int sender)
{
    r->release = 1;
    shutdown(sender, SHUT_WR);
    pthread_join(r->thread, NULL);
    close(sender);
}

/* Sends [off, off+count) of fd over a fresh TCP pair and checks what arrived. */
static void send_and_verify(int fd, uint64_t off, uint64_t count, uint64_t expect_len)
{
    int s, r;
    uint64_t sent = 12345;
    char want[65];
    struct receiver rx = {0};
    tcp_pair(&s, &r);
    start(&rx, r);
    CHECK_OK(psutil_sendfile(s, fd, off, count, -1, &sent));
    finish(&rx, s);
    CHECK_EQ_U64(sent, expect_len);
    CHECK_EQ_U64(rx.got, expect_len);
    range_hash(fd, off, expect_len, want);
    CHECK_MSG(strcmp(rx.hex, want) == 0, "content differs: %s vs %s", rx.hex, want);
}

TEST(sha256_matches_sha256sum)
{
    int fd = make_file(3 * MiB + 5);
    char ours[65], cmd[128], *out;
    range_hash(fd, 0, 3 * MiB + 5, ours);
    snprintf(cmd, sizeof(cmd), "sha256sum < /proc/%d/fd/%d", (int)getpid(), fd);
    CHECK(run(cmd, &out) == 0);
    CHECK_MSG(strncmp(out, ours, 64) == 0, "%s vs %s", out, ours);
    free(out);
    close(fd);
}

TEST(whole_file_arrives_intact_and_the_file_position_stays)
{
    uint64_t size = 3 * MiB + 7;
    int fd = make_file(size);
    CHECK(lseek(fd, 12345, SEEK_SET) == 12345);
    send_and_verify(fd, 0, 0, size);
    CHECK(lseek(fd, 0, SEEK_CUR) == 12345); /* pread-like: position untouched */
    close(fd);
}

TEST(offset_and_count_and_count_past_end_of_file)
{
    uint64_t size = 2 * MiB + 3;
    int fd = make_file(size);
    send_and_verify(fd, 1000, 500000, 500000);
    send_and_verify(fd, size - 100, 10000, 100); /* count past EOF: what there is */
    send_and_verify(fd, size, 10, 0);            /* offset at EOF: nothing, success */
    send_and_verify(fd, size + 5000, 0, 0);      /* past EOF */
    close(fd);
}

TEST(empty_file_sends_nothing)
{
    int fd = make_file(0);
    send_and_verify(fd, 0, 0, 0);
    close(fd);
}

TEST(unix_stream_socket)
{
    int sv[2];
    uint64_t size = 5 * MiB + 1, sent;
    char want[65];
    struct receiver rx = {0};
    int fd = make_file(size);
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
    start(&rx, sv[1]);
    CHECK_OK(psutil_sendfile(sv[0], fd, 0, 0, 5.0, &sent));
    finish(&rx, sv[0]);
    range_hash(fd, 0, size, want);
    CHECK_EQ_U64(sent, size);
    CHECK(strcmp(rx.hex, want) == 0);
    close(fd);
}

struct pipe_writer {
    int fd;
    uint64_t len;
    uint64_t skip; /* bytes the reader skips */
    uint64_t take; /* bytes the reader takes after the skip */
    char hex[65];  /* hash of [skip, skip + take) */
};

static void *write_pipe(void *arg)
{
    struct pipe_writer *w = arg;
    unsigned char *buf = malloc(w->len ? w->len : 1);
    uint64_t state = 7;
    sha256 c;
    pattern(buf, w->len, &state);
    sha256_init(&c);
    sha256_update(&c, buf + w->skip, w->take);
    sha256_hex(&c, w->hex);
    for (uint64_t done = 0; done < w->len;) {
        ssize_t n = write(w->fd, buf + done, w->len - done);
        if (n <= 0)
            break;
        done += (uint64_t)n;
    }
    close(w->fd);
    free(buf);
    return NULL;
}

static void pipe_case(uint64_t len, uint64_t off, uint64_t count, uint64_t expect)
{
    int p[2], s, r;
    uint64_t sent;
    pthread_t t;
    struct receiver rx = {0};
    struct pipe_writer w = {0, len, off, expect, ""};
    CHECK(pipe(p) == 0);
    w.fd = p[1];
    CHECK(pthread_create(&t, NULL, write_pipe, &w) == 0);
    tcp_pair(&s, &r);
    start(&rx, r);
    CHECK_OK(psutil_sendfile(s, p[0], off, count, 10.0, &sent));
    finish(&rx, s);
    pthread_join(t, NULL);
    close(p[0]);
    CHECK_EQ_U64(sent, expect);
    CHECK_EQ_U64(rx.got, expect);
    CHECK(strcmp(rx.hex, w.hex) == 0);
}

TEST(pipe_input_takes_the_read_send_fallback)
{
    pipe_case(2 * MiB + 3, 0, 0, 2 * MiB + 3); /* until the writer closes */
    pipe_case(5000, 100, 1000, 1000);          /* offset skips stream bytes */
    pipe_case(300, 0, 1000, 300);              /* count past the end of the stream */
}

TEST(forced_copy_path_sends_the_same_bytes)
{
    uint64_t size = 3 * MiB + 11;
    int fd = make_file(size);
    CHECK(lseek(fd, 99, SEEK_SET) == 99);
    psutil__test_sendfile_seams(1, 0, 0);
    send_and_verify(fd, 777, 1536 * 1024, 1536 * 1024);
    send_and_verify(fd, 0, 0, size);
    psutil__test_sendfile_seams(0, 0, 0);
    CHECK(lseek(fd, 0, SEEK_CUR) == 99);
    close(fd);
}

TEST(no_fallback_once_bytes_went_out)
{
    uint64_t size = 2 * MiB, sent = 0;
    int fd = make_file(size), s, r;
    char want[65];
    psutil_error_info_t e;
    struct receiver rx = {0};
    /* Failing after 64 KiB: the error is reported with the progress. */
    psutil__test_sendfile_seams(0, 65536, EINVAL);
    tcp_pair(&s, &r);
    start(&rx, r);
    CHECK_RC(psutil_sendfile(s, fd, 0, 0, 5.0, &sent), PSUTIL_EOS);
    CHECK_OK(psutil_last_error(&e));
    CHECK(e.os_errno == EINVAL);
    finish(&rx, s);
    CHECK_EQ_U64(sent, 65536);
    CHECK_EQ_U64(rx.got, 65536);
    range_hash(fd, 0, 65536, want);
    CHECK(strcmp(rx.hex, want) == 0);
    /* Failing before the first byte: the fallback sends everything. */
    psutil__test_sendfile_seams(0, 0, EINVAL);
    send_and_verify(fd, 0, 0, size);
    psutil__test_sendfile_seams(0, 0, 0);
    close(fd);
}

TEST(non_blocking_socket_polls_within_the_timeout)
{
    uint64_t size = 8 * MiB, sent;
    int fd = make_file(size), s, r;
    char want[65];
    struct receiver rx = {.slow = 1};
    tcp_pair(&s, &r);
    int fl = fcntl(s, F_GETFL);
    CHECK(fcntl(s, F_SETFL, fl | O_NONBLOCK) == 0);
    start(&rx, r);
    CHECK_OK(psutil_sendfile(s, fd, 0, 0, 10.0, &sent));
    CHECK(fcntl(s, F_GETFL) & O_NONBLOCK); /* left as the caller set it */
    finish(&rx, s);
    range_hash(fd, 0, size, want);
    CHECK_EQ_U64(sent, size);
    CHECK(strcmp(rx.hex, want) == 0);
    close(fd);
}

TEST(non_blocking_socket_with_zero_timeout_returns_the_would_block_progress)
{
    uint64_t size = 64 * MiB, sent = 0;
    int fd = make_file(size), s, r;
    struct receiver rx = {.stalled = 1};
    tcp_pair(&s, &r);
    CHECK(fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK) == 0);
    start(&rx, r);
    CHECK_RC(psutil_sendfile(s, fd, 0, 0, 0.0, &sent), PSUTIL_ETIMEOUT);
    CHECK_MSG(sent > 0 && sent < size, "sent %llu", (unsigned long long)sent);
    finish(&rx, s);
    CHECK_EQ_U64(rx.got, sent); /* the receiver gets exactly the reported progress */
    close(fd);
}

TEST(stalled_receiver_times_out_with_progress_on_a_blocking_socket)
{
    uint64_t size = 64 * MiB, sent = 0;
    int fd = make_file(size), s, r;
    struct receiver rx = {.stalled = 1};
    tcp_pair(&s, &r);
    start(&rx, r);
    double t0 = now();
    CHECK_RC(psutil_sendfile(s, fd, 0, 0, 0.3, &sent), PSUTIL_ETIMEOUT);
    double waited = now() - t0;
    CHECK(waited >= 0.29); /* it did wait the timeout (a lower bound, not a speed test) */
    CHECK_MSG(sent > 0 && sent < size, "sent %llu", (unsigned long long)sent);
    CHECK(!(fcntl(s, F_GETFL) & O_NONBLOCK)); /* blocking mode restored */
    finish(&rx, s);
    CHECK_EQ_U64(rx.got, sent);
    close(fd);
}

static void reset_case(int copy_path)
{
    uint64_t size = 64 * MiB, sent = 0;
    int fd = make_file(size), s, r, rc;
    psutil_error_info_t e;
    sigset_t pending;
    struct receiver rx = {.reset_after = MiB};
    signal(SIGPIPE, SIG_DFL); /* a SIGPIPE reaching us would kill the test */
    psutil__test_sendfile_seams(copy_path, 0, 0);
    tcp_pair(&s, &r);
    start(&rx, r);
    rc = psutil_sendfile(s, fd, 0, 0, 5.0, &sent);
    pthread_join(rx.thread, NULL);
    if (rc == 0) /* the reset raced the last bytes: a second send must see it */
        rc = psutil_sendfile(s, fd, 0, 0, 5.0, &sent);
    CHECK_RC(rc, PSUTIL_EOS);
    CHECK_OK(psutil_last_error(&e));
    CHECK_MSG(e.os_errno == EPIPE || e.os_errno == ECONNRESET, "errno %d", e.os_errno);
    CHECK(sent >= MiB && sent < size);
    sigpending(&pending);
    CHECK(!sigismember(&pending, SIGPIPE));
    psutil__test_sendfile_seams(0, 0, 0);
    close(s);
    close(fd);
}

TEST(peer_reset_mid_transfer_is_an_error_not_a_sigpipe)
{
    reset_case(0);
    reset_case(1);
}

/* A socket shut down for writing stays connected, and the kernel answers every write
 * with EPIPE and SIGPIPE: the deterministic way to prove SIGPIPE is contained. */
static void shut_down_case(int copy_path)
{
    int fd = make_file(MiB), s, r;
    uint64_t sent = 5;
    psutil_error_info_t e;
    sigset_t pending;
    signal(SIGPIPE, SIG_DFL);
    tcp_pair(&s, &r);
    CHECK(shutdown(s, SHUT_WR) == 0);
    psutil__test_sendfile_seams(copy_path, 0, 0);
    CHECK_RC(psutil_sendfile(s, fd, 0, 0, 1.0, &sent), PSUTIL_EOS);
    psutil__test_sendfile_seams(0, 0, 0);
    CHECK_OK(psutil_last_error(&e));
    CHECK_MSG(e.os_errno == EPIPE, "errno %d", e.os_errno);
    CHECK(sent == 0);
    sigpending(&pending);
    CHECK(!sigismember(&pending, SIGPIPE));
    close(s);
    close(r);
    close(fd);
}

TEST(writing_to_a_shut_down_socket_is_epipe_not_sigpipe)
{
    shut_down_case(0);
    shut_down_case(1);
}

TEST(sparse_file_beyond_4_gib)
{
    char path[] = "/tmp/psutil-sparse-XXXXXX";
    int fd = mkstemp(path);
    const uint64_t four = 4ull << 30, size = four + 2 * MiB;
    unsigned char *buf = malloc(2 * MiB);
    uint64_t state = 42;
    CHECK(fd >= 0);
    unlink(path);
    CHECK(ftruncate(fd, (off_t)size) == 0);
    pattern(buf, 2 * MiB, &state);
    CHECK(pwrite(fd, buf, 2 * MiB, (off_t)(four - MiB)) == (ssize_t)(2 * MiB));
    free(buf);
    send_and_verify(fd, four - MiB, 2 * MiB, 2 * MiB);             /* across the 32-bit boundary */
    send_and_verify(fd, four + MiB / 2, 0, size - four - MiB / 2); /* to EOF above 4 GiB */
    close(fd);
}

TEST(bad_descriptors_and_sockets_are_invalid_arguments)
{
    int fd = make_file(1000), s, r, udp, lone, wronly, dir;
    uint64_t sent = 99;
    tcp_pair(&s, &r);
    /* A regular file as the socket. */
    CHECK_RC(psutil_sendfile(fd, fd, 0, 0, 1.0, &sent), PSUTIL_EINVAL);
    CHECK(sent == 0);
    /* A datagram socket, even connected. */
    struct sockaddr_in a = {
        .sin_family = AF_INET, .sin_port = htons(9), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    udp = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK(connect(udp, (struct sockaddr *)&a, sizeof(a)) == 0);
    CHECK_RC(psutil_sendfile(udp, fd, 0, 0, 1.0, &sent), PSUTIL_EINVAL);
    /* A stream socket that is not connected. */
    lone = socket(AF_INET, SOCK_STREAM, 0);
    CHECK_RC(psutil_sendfile(lone, fd, 0, 0, 1.0, &sent), PSUTIL_EINVAL);
    /* A file open for writing only, a directory, closed descriptors. */
    wronly = open("/dev/null", O_WRONLY);
    CHECK_RC(psutil_sendfile(s, wronly, 0, 0, 1.0, &sent), PSUTIL_EINVAL);
    dir = open("/tmp", O_RDONLY | O_DIRECTORY);
    CHECK_RC(psutil_sendfile(s, dir, 0, 0, 1.0, &sent), PSUTIL_EINVAL);
    int closed = dup(fd);
    close(closed);
    CHECK_RC(psutil_sendfile(s, closed, 0, 0, 1.0, &sent), PSUTIL_EINVAL);
    CHECK_RC(psutil_sendfile(closed, fd, 0, 0, 1.0, &sent), PSUTIL_EINVAL);
    CHECK_RC(psutil_sendfile(s, fd, 0, 0, NAN, &sent), PSUTIL_EINVAL);
    CHECK(sent == 0);
    /* sent may be NULL. */
    CHECK_OK(psutil_sendfile(s, fd, 0, 10, 1.0, NULL));
    close(udp);
    close(lone);
    close(wronly);
    close(dir);
    close(s);
    close(r);
    close(fd);
}

static int slow_reader_fd;

static void *slow_reader(void *arg)
{
    char b[65536];
    uint64_t *got = arg;
    usleep(300000); /* the socket fills first, so the sender has to wait */
    ssize_t n;
    while ((n = read(slow_reader_fd, b, sizeof(b))) > 0)
        *got += (uint64_t)n;
    return NULL;
}

/* Timeouts of +Inf or longer than poll's INT_MAX milliseconds (~24.8 days) are long waits:
 * the file arrives whole, with no double converted outside int's range (clang's UBSan
 * in CI stops on such a conversion). */
TEST(infinite_and_month_long_timeouts_send_the_whole_file)
{
    const double timeouts[] = {INFINITY, 3e6, 1e300};
    for (size_t i = 0; i < sizeof(timeouts) / sizeof(timeouts[0]); i++) {
        int sv[2];
        CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
        char tmpl[] = "/tmp/psutil-sfinf-XXXXXX";
        int fd = mkstemp(tmpl);
        CHECK(fd >= 0);
        unlink(tmpl);
        static char big[4 << 20];
        memset(big, 'z', sizeof(big));
        CHECK(write(fd, big, sizeof(big)) == (ssize_t)sizeof(big));
        uint64_t got = 0, sent = 0;
        slow_reader_fd = sv[1];
        pthread_t th;
        CHECK(pthread_create(&th, NULL, slow_reader, &got) == 0);
        CHECK_OK(psutil_sendfile(sv[0], fd, 0, 0, timeouts[i], &sent));
        close(sv[0]);
        pthread_join(th, NULL);
        CHECK_EQ_U64(sent, sizeof(big));
        CHECK_EQ_U64(got, sizeof(big));
        close(sv[1]);
        close(fd);
    }
}
