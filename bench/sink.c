/*
 * `make bench`'s fast SMTP sink: a server that costs (almost) nothing, so a delivery case measures
 * the sender, not the server.
 *
 *     sink PORT CERT KEY USER PASSWORD JOURNAL
 *
 * Listens on 127.0.0.1:PORT (0: any free port; the port is printed as "sink listening on N").
 * One thread per connection. It speaks just enough ESMTP for a real client: EHLO/HELO, STARTTLS
 * (OpenSSL, the test certificate), AUTH PLAIN (only after STARTTLS, checked against USER and
 * PASSWORD), MAIL, RCPT, DATA (read to the terminating dot, nothing stored), RSET, NOOP, QUIT.
 * The only thing kept of a message is its Message-ID: one line per accepted message in JOURNAL,
 * written when the server answers 250 to the data (so the benchmark counts only accepted mail).
 * Lines to the journal are written with one write(2) each under a lock (appended, O_APPEND).
 *
 * Build: cc -O2 -o sink sink.c -lssl -lcrypto -lpthread
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static SSL_CTX *tls;
static const char *user, *password;
static int journal;
static pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct {
    int fd;
    SSL *ssl;
    char in[65536];
    size_t start, end; /* unread bytes are in[start..end) */
} conn;

static int conn_read(conn *c) {
    if (c->start > 0 && c->start == c->end) c->start = c->end = 0;
    if (c->end == sizeof c->in) { /* compact */
        memmove(c->in, c->in + c->start, c->end - c->start);
        c->end -= c->start;
        c->start = 0;
    }
    int n = c->ssl ? SSL_read(c->ssl, c->in + c->end, (int)(sizeof c->in - c->end))
                   : (int)read(c->fd, c->in + c->end, sizeof c->in - c->end);
    if (n <= 0) return -1;
    c->end += (size_t)n;
    return n;
}

static int conn_write(conn *c, const char *text) {
    size_t len = strlen(text);
    int n = c->ssl ? SSL_write(c->ssl, text, (int)len) : (int)write(c->fd, text, len);
    return n == (int)len ? 0 : -1;
}

/* The next CRLF-terminated line (without CRLF) into line; -1 when the peer went away. */
static int read_line(conn *c, char *line, size_t size) {
    for (;;) {
        for (size_t i = c->start; i + 1 < c->end; i++) {
            if (c->in[i] == '\r' && c->in[i + 1] == '\n') {
                size_t len = i - c->start;
                if (len >= size) len = size - 1;
                memcpy(line, c->in + c->start, len);
                line[len] = 0;
                c->start = i + 2;
                return 0;
            }
        }
        if (c->end - c->start >= sizeof c->in - 1) return -1; /* a line longer than the buffer */
        if (conn_read(c) < 0) return -1;
    }
}

static int base64_value(int ch) {
    if (ch >= 'A' && ch <= 'Z') return ch - 'A';
    if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9') return ch - '0' + 52;
    if (ch == '+') return 62;
    if (ch == '/') return 63;
    return -1;
}

static size_t base64_decode(const char *text, unsigned char *out, size_t size) {
    size_t n = 0;
    int bits = 0, value = 0;
    for (; *text && *text != '='; text++) {
        int v = base64_value((unsigned char)*text);
        if (v < 0) return 0;
        value = (value << 6) | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n < size) out[n++] = (unsigned char)(value >> bits);
            value &= (1 << bits) - 1;
        }
    }
    return n;
}

/* AUTH PLAIN: "\0user\0password" (an authorization identity before the first NUL is allowed). */
static int plain_ok(const char *encoded) {
    unsigned char raw[512];
    size_t n = base64_decode(encoded, raw, sizeof raw);
    size_t u = 0;
    while (u < n && raw[u]) u++;
    if (u >= n) return 0;
    const char *given_user = (const char *)raw + u + 1;
    size_t user_len = strnlen(given_user, n - u - 1);
    if (u + 1 + user_len >= n) return 0;
    const char *given_password = given_user + user_len + 1;
    size_t password_len = n - (u + 1 + user_len + 1);
    return user_len == strlen(user) && memcmp(given_user, user, user_len) == 0 &&
           password_len == strlen(password) && memcmp(given_password, password, password_len) == 0;
}

/* Reads DATA up to the terminating "\r\n.\r\n"; copies the Message-ID header's value to id. */
static int read_data(conn *c, char *id, size_t id_size) {
    /* state: how much of "\r\n.\r\n" has been seen; the data starts right after a line end. */
    static const char end_marker[] = "\r\n.\r\n";
    int state = 2;
    int in_headers = 1;
    char header[1024];
    size_t header_len = 0;
    id[0] = 0;
    for (;;) {
        if (c->start == c->end && conn_read(c) < 0) return -1;
        while (c->start < c->end) {
            char ch = c->in[c->start++];
            if (in_headers) {
                if (ch == '\n') {
                    if (header_len <= 1) in_headers = 0; /* the blank line */
                    else if (header_len > 11 && strncasecmp(header, "message-id:", 11) == 0 && !id[0]) {
                        size_t a = 11, b = header_len;
                        while (a < b && (header[a] == ' ' || header[a] == '\t')) a++;
                        while (b > a && (header[b - 1] == '\r' || header[b - 1] == ' ')) b--;
                        size_t len = b - a < id_size - 1 ? b - a : id_size - 1;
                        memcpy(id, header + a, len);
                        id[len] = 0;
                    }
                    header_len = 0;
                } else if (header_len < sizeof header) {
                    header[header_len++] = ch;
                }
            }
            if (ch == end_marker[state]) {
                if (++state == 5) return 0;
            } else {
                state = ch == '\r' ? 1 : 0;
            }
        }
    }
}

static void *serve(void *arg) {
    conn *c = arg;
    char line[1024], id[1024];
    int authenticated = 0, have_from = 0, have_rcpt = 0;
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (conn_write(c, "220 sink.localhost ESMTP facteur-bench sink\r\n") < 0) goto done;
    while (read_line(c, line, sizeof line) == 0) {
        if (strncasecmp(line, "EHLO", 4) == 0 || strncasecmp(line, "HELO", 4) == 0) {
            have_from = have_rcpt = 0;
            if (conn_write(c, c->ssl ? "250-sink.localhost\r\n250-SIZE 104857600\r\n250-8BITMIME\r\n250 AUTH PLAIN\r\n"
                                     : "250-sink.localhost\r\n250-SIZE 104857600\r\n250-8BITMIME\r\n250 STARTTLS\r\n") < 0)
                break;
        } else if (strcasecmp(line, "STARTTLS") == 0 && !c->ssl) {
            if (conn_write(c, "220 ready to start TLS\r\n") < 0) break;
            c->start = c->end = 0; /* RFC 3207: discard anything sent before the handshake */
            c->ssl = SSL_new(tls);
            SSL_set_fd(c->ssl, c->fd);
            if (SSL_accept(c->ssl) != 1) break;
        } else if (strncasecmp(line, "AUTH PLAIN", 10) == 0) {
            const char *initial = line + 10;
            char response[1024];
            while (*initial == ' ') initial++;
            if (!c->ssl) { if (conn_write(c, "538 5.7.11 encryption required\r\n") < 0) break; continue; }
            if (!*initial) {
                if (conn_write(c, "334 \r\n") < 0 || read_line(c, response, sizeof response) < 0) break;
                initial = response;
            }
            authenticated = plain_ok(initial);
            if (conn_write(c, authenticated ? "235 2.7.0 authenticated\r\n" : "535 5.7.8 bad credentials\r\n") < 0) break;
        } else if (strncasecmp(line, "MAIL FROM:", 10) == 0) {
            have_from = authenticated;
            have_rcpt = 0;
            if (conn_write(c, authenticated ? "250 2.1.0 ok\r\n" : "530 5.7.0 authentication required\r\n") < 0) break;
        } else if (strncasecmp(line, "RCPT TO:", 8) == 0) {
            have_rcpt = have_from;
            if (conn_write(c, have_from ? "250 2.1.5 ok\r\n" : "503 5.5.1 MAIL first\r\n") < 0) break;
        } else if (strcasecmp(line, "DATA") == 0) {
            if (!have_rcpt) { if (conn_write(c, "503 5.5.1 RCPT first\r\n") < 0) break; continue; }
            if (conn_write(c, "354 end with <CRLF>.<CRLF>\r\n") < 0 || read_data(c, id, sizeof id) < 0) break;
            size_t len = strlen(id);
            id[len] = '\n';
            pthread_mutex_lock(&journal_lock);
            ssize_t written = write(journal, id, len + 1);
            pthread_mutex_unlock(&journal_lock);
            if (written != (ssize_t)(len + 1)) break;
            have_from = have_rcpt = 0;
            if (conn_write(c, "250 2.0.0 accepted\r\n") < 0) break;
        } else if (strcasecmp(line, "RSET") == 0) {
            have_from = have_rcpt = 0;
            if (conn_write(c, "250 2.0.0 ok\r\n") < 0) break;
        } else if (strcasecmp(line, "NOOP") == 0) {
            if (conn_write(c, "250 2.0.0 ok\r\n") < 0) break;
        } else if (strcasecmp(line, "QUIT") == 0) {
            conn_write(c, "221 2.0.0 bye\r\n");
            break;
        } else {
            if (conn_write(c, "502 5.5.2 not implemented\r\n") < 0) break;
        }
    }
done:
    if (c->ssl) { SSL_shutdown(c->ssl); SSL_free(c->ssl); }
    close(c->fd);
    free(c);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: sink PORT CERT KEY USER PASSWORD JOURNAL\n");
        return 64;
    }
    signal(SIGPIPE, SIG_IGN);
    user = argv[4];
    password = argv[5];
    journal = open(argv[6], O_WRONLY | O_CREAT | O_APPEND, 0644);
    tls = SSL_CTX_new(TLS_server_method());
    if (journal < 0 || !tls || SSL_CTX_use_certificate_chain_file(tls, argv[2]) != 1 ||
        SSL_CTX_use_PrivateKey_file(tls, argv[3], SSL_FILETYPE_PEM) != 1) {
        ERR_print_errors_fp(stderr);
        fprintf(stderr, "sink: cannot open the journal or load the certificate\n");
        return 1;
    }
    int server = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1]))};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(server, (struct sockaddr *)&address, sizeof address) < 0 || listen(server, 64) < 0 ||
        getsockname(server, (struct sockaddr *)&address, &length) < 0) {
        perror("sink");
        return 1;
    }
    printf("sink listening on %d\n", ntohs(address.sin_port));
    fflush(stdout);
    for (;;) {
        int fd = accept(server, NULL, NULL);
        if (fd < 0) continue;
        conn *c = calloc(1, sizeof *c);
        c->fd = fd;
        pthread_t thread;
        if (pthread_create(&thread, NULL, serve, c) != 0) { close(fd); free(c); continue; }
        pthread_detach(thread);
    }
}
