/** Users, password hashing, and JWT login/refresh for the protected routes. */
package dev.bookslake.serving.auth;
