import { render } from 'preact';

function App() {
  return <main>Recital</main>;
}

render(<App />, document.getElementById('app') as HTMLElement);
