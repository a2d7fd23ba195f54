#include <stdio.h>
#include <string.h>

static int length(const char *s) {
    int n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

static void upper(char *s) {
    for (; *s; s++) {
        if (*s >= 'a' && *s <= 'z')
            *s = *s - 'a' + 'A';
    }
}

static int palindrome(const char *s) {
    int i = 0, j = length(s) - 1;
    while (i < j) {
        if (s[i++] != s[j--])
            return 0;
    }
    return 1;
}

int main(void) {
    char buf[32] = "hello, world";
    printf("%d %d\n", length(buf), (int)strlen(buf));
    upper(buf);
    printf("%s\n", buf);
    printf("%d %d\n", palindrome("racecar"), palindrome("abca"));
    char out[32];
    int k = 0;
    for (const char *p = "a-b--c"; *p; p++) {
        if (*p == '-')
            continue;
        out[k++] = *p;
    }
    out[k] = '\0';
    printf("%s %d\n", out, strcmp("abc", "abd") < 0);
    printf("%5d|%-5d|%05.1f|%x\n", 42, 42, 3.14159, 255);
    return 0;
}
