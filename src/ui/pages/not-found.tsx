import { A, useLocation } from "@solidjs/router";
import { PageHeader } from "../shell.tsx";

export function NotFoundPage() {
  const location = useLocation();
  return (
    <>
      <PageHeader title="No such page" summary={`Nothing lives at #${location.pathname}.`} />
      <p>
        <A href="/">Back to the Dashboard</A>
      </p>
    </>
  );
}
