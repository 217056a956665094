import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, takeKeyFromAddress } from './App';
import './styles.css';

takeKeyFromAddress();
const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
