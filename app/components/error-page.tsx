import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

/** One friendly page for thrown 403/404 responses and unexpected errors — never a stack trace. */
export function ErrorPage() {
  const error = useRouteError();
  let status = 500;
  let title = "Something went wrong";
  let message = "We could not show this page. Please try again in a moment.";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (status === 404) {
      title = "Page not found";
      message =
        typeof error.data === "string" && error.data
          ? error.data
          : "There is nothing here, or you do not have access to it.";
    } else if (status === 403) {
      title = "Not allowed";
      message = typeof error.data === "string" && error.data ? error.data : "You do not have permission to do this.";
    } else if (status < 500) {
      title = "That did not work";
      message = typeof error.data === "string" && error.data ? error.data : message;
    }
  }
  return (
    <div className="error-page">
      <div className="code">{status}</div>
      <h1>{title}</h1>
      <p className="muted">{message}</p>
      <p>
        <Link to="/teams">Go to your teams</Link>
      </p>
    </div>
  );
}
