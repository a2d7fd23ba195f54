#include <stdio.h>

static void reverse(int *first, int *last) {
    while (first < last) {
        int t = *first;
        *first++ = *last;
        *last-- = t;
    }
}

static int sum(const int *p, int n) {
    int s = 0;
    const int *end = p + n;
    while (p != end)
        s += *p++;
    return s;
}

int main(void) {
    int a[] = {1, 2, 3, 4, 5, 6, 7};
    int n = sizeof a / sizeof a[0];
    reverse(a, a + n - 1);
    for (int i = 0; i < n; i++)
        printf("%d ", a[i]);
    printf("\n%d\n", sum(a + 2, 3));
    int *p = &a[3];
    printf("%d %d %d\n", *p, p[-1], *(p + 2));
    printf("%d\n", (int)(&a[6] - p));
    char text[] = "pointer";
    char *c = text;
    while (*c)
        c++;
    printf("len %d\n", (int)(c - text));
    int m[3][4];
    for (int r = 0; r < 3; r++)
        for (int k = 0; k < 4; k++)
            m[r][k] = r * 10 + k;
    int *flat = &m[0][0];
    printf("%d %d\n", flat[5], *(*(m + 2) + 1));
    int **pp = &p;
    **pp = 99;
    printf("%d\n", a[3]);
    return 0;
}
