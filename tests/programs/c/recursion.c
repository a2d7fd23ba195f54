#include <stdio.h>

static int fib(int n) {
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

static int gcd(int a, int b) {
    while (b != 0) {
        int t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static int apply(int (*op)(int, int), int a, int b) {
    return op(a, b);
}

static int add(int a, int b) {
    return a + b;
}

static int mul(int a, int b) {
    return a * b;
}

int main(void) {
    for (int i = 0; i < 15; i++)
        printf("%d ", fib(i));
    printf("\n%d %d\n", gcd(1071, 462), gcd(17, 5));
    int (*ops[])(int, int) = {add, mul, gcd};
    for (int i = 0; i < 3; i++)
        printf("%d\n", apply(ops[i], 12, 18));
    return 0;
}
