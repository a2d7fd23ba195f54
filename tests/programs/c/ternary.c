#include <stdio.h>

int main(void) {
    int t = 1;
    printf("%f\n", t ? 1 : 2.0);
    printf("%d\n", (int)sizeof(t ? 'a' : 0));
    unsigned int u = 1;
    int n = -1;
    printf("%s\n", (t ? n : u) > 0 ? "positive" : "not positive");
    int a = 5, b = 9;
    int max = a > b ? a : b;
    int nested = a > 3 ? b > 10 ? 1 : 2 : 3;
    printf("%d %d\n", max, nested);
    const char *s = (a & 1) ? "odd" : "even";
    printf("%s\n", s);
    int x = 0;
    int *p = t ? &a : &x;
    *p += 1;
    printf("%d %d\n", a, x);
    printf("%d\n", a < b ? a++ : b++);
    printf("%d %d\n", a, b);
    return 0;
}
