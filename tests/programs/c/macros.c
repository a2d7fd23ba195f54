#include <stdio.h>

#define SQUARE(x) ((x) * (x))
#define BAD_SQUARE(x) x * x
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define SWAP(a, b) do { int t_ = (a); (a) = (b); (b) = t_; } while (0)
#define REPEAT(n) for (int r_ = 0; r_ < (n); r_++)
#define STR(x) #x
#define CAT(a, b) a##b
#define LIMIT 10

static int calls;
static int next(void) {
    return ++calls;
}

int main(void) {
    printf("%d %d\n", SQUARE(3 + 1), BAD_SQUARE(3 + 1));
    int a = 4, b = 9;
    SWAP(a, b);
    printf("%d %d\n", a, b);
    int m = MAX(next(), 0);
    printf("%d %d\n", m, calls);
    int sum = 0;
    REPEAT(4) sum += r_;
    printf("sum %d\n", sum);
    printf("%s\n", STR(hello world));
    int CAT(var, 1) = 11;
    printf("%d\n", var1 + LIMIT);
    if (a > b)
        SWAP(a, b);
    else
        printf("no swap\n");
#ifdef LIMIT
    printf("limit %d\n", LIMIT * 2);
#else
    printf("no limit\n");
#endif
    return 0;
}
