export default function HomePage(): React.ReactNode {
  return (
    <main style={{ padding: 24 }}>
      <h1>公众号网页示例</h1>
    </main>
  );
}
