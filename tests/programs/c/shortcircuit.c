#include <stdio.h>

static int calls;

static int t(const char *tag) {
    calls++;
    printf("t %s\n", tag);
    return 1;
}

static int f(const char *tag) {
    calls++;
    printf("f %s\n", tag);
    return 0;
}

int main(void) {
    if (t("a") || f("b"))
        printf("1\n");
    if (f("c") && t("d"))
        printf("2\n");
    if (f("e") || (t("f") && f("g")))
        printf("3\n");
    int i = 0;
    int z = i++ > 0 && i++ > 0;
    printf("%d %d\n", z, i);
    z = i++ > 0 || i++ > 0;
    printf("%d %d\n", z, i);
    if (!(f("h") || f("i")))
        printf("neither\n");
    const char *s = 0;
    if (s && *s)
        printf("nonempty\n");
    else
        printf("empty %d\n", calls);
    int w = t("j") ? f("k") : t("l");
    printf("%d %d\n", w, calls);
    int x = (t("m"), f("n"), 5);
    printf("comma %d %d\n", x, calls);
    return 0;
}
